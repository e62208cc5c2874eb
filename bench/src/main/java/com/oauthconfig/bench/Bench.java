package com.oauthconfig.bench;

import com.oauthconfig.localstack.LocalStack;
import com.oauthconfig.localstack.ServiceJvm;
import com.oauthconfig.rig.TempDirectories;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs every benchmark against the local stack (PostgreSQL, Kafka, OIDC provider and
 * the three packaged services), prints one table and writes the JSON. Every figure is a ratio to
 * a baseline measured in the same run, or a count; absolute values stand beside them.
 */
public final class Bench {

    /** Every row the report has, in order; a row that cannot be measured says why instead. */
    public static final List<String> ROW_IDS = List.of(
            "1-inject-c1", "1-inject-c16", "1-inject-c64",
            "2-resolve-c64",
            "3-singleflight-herd", "3-singleflight-users",
            "4-propagation-tokens", "4-propagation-aliases",
            "5-config-create-c16", "5-config-read-c16", "5-config-update-c16", "5-config-list",
            "6-footprint-floor-quarkus", "6-footprint-config-service", "6-footprint-token-service",
            "6-footprint-credential-alias-service", "6-footprint-peer-spring",
            "6-start-vs-floor-config-service", "6-start-vs-floor-token-service", "6-start-vs-floor-credential-alias-service",
            "6-start-vs-peer-config-service", "6-start-vs-peer-token-service", "6-start-vs-peer-credential-alias-service",
            "7-peer-c1", "7-peer-c16", "7-peer-c64",
            "7-peer-cached-c1", "7-peer-cached-c16", "7-peer-cached-c64",
            "7-peer-store-c1", "7-peer-store-c16", "7-peer-store-c64",
            "8-proxy-c1", "8-proxy-c16", "8-proxy-c64");

    static final List<String> SERVICES = List.of(LocalStack.CONFIG, LocalStack.TOKEN, LocalStack.ALIAS);

    /** The minimal Quarkus REST application (bench/floor-quarkus) the services' start is compared with. */
    static final String FLOOR = "floor-quarkus";
    static final String FLOOR_MODULE = "bench/" + FLOOR;

    static final String SMOKE_WITHHELD = "not reported in smoke mode";

    /**
     * Sizes and durations; {@link #smoke} keeps every benchmark to a few seconds.
     *
     * @param settleWindow  warm-up window of each compared target; windows repeat until three
     *                      consecutive ones lie within 5 % of each other in req/s, or {@code settleCap}
     * @param repeats       measurements of each compared target per concurrency, in alternating
     *                      order (A B … B A A B …); figures are their medians
     * @param rewarm        unmeasured lead-in of each of those measurements (connections, caches)
     * @param busyPerCore   1-minute load average per core above which the machine counts as busy
     * @param allowBusy     report ratios even when the machine was busy before the run
     */
    public record Options(boolean smoke, Path root, Path out, Duration warmup, Duration measure, int aliases, int configs,
                          int users, int herd, int rounds, Duration createCap, Duration settleWindow, Duration settleCap,
                          int repeats, Duration rewarm, double busyPerCore, boolean allowBusy) {

        public static Options full(Path root, Path out) {
            return new Options(false, root, out, Duration.ofSeconds(5), Duration.ofSeconds(10), 10_000, 10_000, 100, 1_000, 5,
                    Duration.ofMinutes(4), Duration.ofSeconds(5), Duration.ofSeconds(90), 3, Duration.ofSeconds(2), 0.75, false);
        }

        public static Options smoke(Path root, Path out) {
            return new Options(true, root, out, Duration.ofSeconds(1), Duration.ofSeconds(1), 500, 200, 10, 200, 2,
                    Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ofMillis(300), 0.75, false);
        }

        Options withBusy(double perCore, boolean allow) {
            return new Options(smoke, root, out, warmup, measure, aliases, configs, users, herd, rounds, createCap, settleWindow,
                    settleCap, repeats, rewarm, perCore, allow);
        }
    }

    /** A process the benchmark compares with, or why it is not there. */
    record Launch(ChildJvm jvm, String problem, Absent absent) {

        /** Marks a row that needs this process as not available, with the checked condition when there is one. */
        void explain(Row row) {
            if (absent != null) {
                row.absent(absent, null);
            } else {
                row.unavailable(problem);
            }
        }
    }

    /** What every benchmark needs. */
    record Context(Options options, Platform platform, Load load, Upstream upstream, Map<String, Launch> peers, Report report,
                   JsonObject run) {

        Launch peer(PeerSpring.Variant variant) {
            return peers.get(variant.processName);
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        boolean smoke = false;
        boolean allowBusy = false;
        double busyPerCore = Options.full(root, null).busyPerCore();
        Path out = null;
        Set<String> parts = Set.copyOf(PARTS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--only" -> {
                    try {
                        parts = parts(args[++i]);
                    } catch (IllegalArgumentException e) {
                        System.err.println(e.getMessage());
                        System.exit(2);
                    }
                }
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--allow-busy" -> allowBusy = true;
                case "--busy-load-per-core" -> busyPerCore = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: bench/run.sh [--smoke] [--only PART[,PART]] [--out FILE] [--allow-busy] "
                            + "[--busy-load-per-core F]; parts: " + String.join(", ", PARTS));
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            // A partial run is for comparing builds, never the record.
            out = root.resolve(parts.size() < PARTS.size() ? "bench/target/partial.json"
                    : smoke ? "bench/results/smoke.json" : "bench/results/latest.json");
        }
        Options options = (smoke ? Options.smoke(root, out) : Options.full(root, out)).withBusy(busyPerCore, allowBusy);
        JsonObject result = run(options, parts);
        System.exit(result.getJsonArray("rows").size() == ROW_IDS.size() ? 0 : 1);
    }

    /**
     * The benchmarks a run can be limited to ({@code --only}), to compare two builds on the rows a
     * change touches without a whole run; the rows of the others say they were not run.
     */
    public static final List<String> PARTS = List.of("injection", "single-flight", "propagation", "config-api", "footprint");

    /** The parts named in a comma-separated list; an unknown name is refused. */
    static Set<String> parts(String list) {
        Set<String> named = new LinkedHashSet<>();
        for (String part : list.split(",")) {
            String p = part.strip();
            if (!PARTS.contains(p)) {
                throw new IllegalArgumentException("--only: unknown part '" + p + "'; parts: " + String.join(", ", PARTS));
            }
            named.add(p);
        }
        return Set.copyOf(named);
    }

    /** The whole run; returns what it wrote to {@code options.out()}. */
    public static JsonObject run(Options o) throws IOException {
        return run(o, Set.copyOf(PARTS));
    }

    /** A run of the given parts; returns what it wrote to {@code options.out()}. */
    public static JsonObject run(Options o, Set<String> parts) throws IOException {
        long began = System.nanoTime();
        JsonObject run = new JsonObject()
                .put("date", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)))
                .put("mode", o.smoke() ? "smoke" : "full")
                .put("machine", Machine.facts())
                .put("settings", new JsonObject().put("warmupSeconds", o.warmup().toSeconds()).put("measureSeconds", o.measure().toSeconds())
                        .put("aliases", o.aliases()).put("configs", o.configs()).put("users", o.users()).put("herd", o.herd())
                        .put("rounds", o.rounds()).put("settleWindowSeconds", o.settleWindow().toMillis() / 1000.0)
                        .put("settleCapSeconds", o.settleCap().toSeconds()).put("settleTolerance", Warmup.TOLERANCE)
                        .put("settleStableWindows", Warmup.STABLE_WINDOWS)
                        .put("repeats", o.repeats()).put("rewarmSeconds", o.rewarm().toMillis() / 1000.0)
                        .put("loadGenerator", "Vert.x HttpClient, closed loop, keep-alive pool = concurrency, HdrHistogram (µs)")
                        .put("serviceJvm", String.join(" ", ServiceJvm.FLAGS)
                                + " (LocalStack; the Quarkus apps add their AppCDS archive when built with one), peers and floors the same"));
        String withheld = o.smoke() ? SMOKE_WITHHELD : Machine.busyBeforeRun(o.busyPerCore(), o.allowBusy(), run);
        Report report = new Report();
        Path work = o.root().resolve("bench/target/run-" + System.currentTimeMillis());
        deleteEarlierRuns(o.root().resolve("bench/target"));
        Path stackRoot = snapshot(o.root(), work.resolve("stack-root"));
        log("starting the local stack (services from a copy of their packaged jars in " + stackRoot + ")");
        long stackBegan = System.nanoTime();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        Map<String, Launch> peers = new LinkedHashMap<>();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests(stackRoot, work.resolve("data"), 1).withoutTraces());
             Upstream upstream = Upstream.start(vertx)) {
            double stackSeconds = (System.nanoTime() - stackBegan) / 1e9;
            run.put("stackReadySeconds", Report.round(stackSeconds, 1));
            log(String.format("stack ready in %.1f s", stackSeconds));
            Platform platform = new Platform(stack);
            if (parts.contains("injection") || parts.contains("footprint")) {
                startPeers(o, stack, work, peers);
            }
            Context ctx = new Context(o, platform, new Load(vertx), upstream, peers, report, run);
            runAll(ctx, stack, work, parts);
        } catch (RuntimeException | IOException e) {
            // The stack itself did not start: every row says so rather than showing nothing.
            log("the run failed: " + e);
            for (String id : ROW_IDS) {
                if (report.rows.stream().noneMatch(r -> r.id.equals(id))) {
                    report.row(id, "").unavailable("the local stack did not start or the run failed: " + e.getMessage());
                }
            }
        } finally {
            peers.values().stream().filter(l -> l.jvm() != null).forEach(l -> l.jvm().close());
            vertx.close();
        }
        if (parts.size() < PARTS.size()) {
            run.put("only", new JsonArray(List.copyOf(parts)));
            for (String id : ROW_IDS) {
                if (report.rows.stream().noneMatch(r -> r.id.equals(id))) {
                    report.row(id, "").unavailable("not run: this run was limited to " + String.join(", ", parts));
                }
            }
        }
        order(report);
        if (withheld != null) {
            report.rows.forEach(r -> r.withhold(withheld));
        }
        run.put("machineLoadAfter", Machine.loadAverage());
        run.put("durationSeconds", Report.round((System.nanoTime() - began) / 1e9, 1));
        System.out.println();
        System.out.println(report.table());
        report.write(o.out(), run);
        log("wrote " + o.out());
        return report.json(run);
    }

    /** Builds the Spring peer if needed and starts each variant alone (so each start is timed alone). */
    private static void startPeers(Options o, LocalStack stack, Path work, Map<String, Launch> peers) {
        Path jar;
        try {
            jar = PeerSpring.ensureBuilt(o.root(), work.resolve("peer-build.log"));
        } catch (Exception e) {
            Absent absent = Absent.SPRING_BOOT_NOT_RESOLVABLE.holds(o.root()) ? Absent.SPRING_BOOT_NOT_RESOLVABLE : null;
            for (PeerSpring.Variant v : PeerSpring.Variant.values()) {
                peers.put(v.processName, new Launch(null, e.getMessage(), absent));
            }
            log("peer-spring not built: " + e.getMessage());
            return;
        }
        stack.postgres().ensureDatabase(PeerSpring.DATABASE);
        String r2dbc = "r2dbc:postgresql://" + stack.postgres().host() + ":" + stack.postgres().port() + "/" + PeerSpring.DATABASE;
        // The shipped peer alone (its start is the one reported), then the other variants together.
        List<PeerSpring.Variant> others = new ArrayList<>(List.of(PeerSpring.Variant.values()));
        others.remove(PeerSpring.Variant.SHIPPED);
        startPeer(PeerSpring.Variant.SHIPPED, jar, stack, r2dbc, work, peers);
        others.parallelStream().forEach(v -> startPeer(v, jar, stack, r2dbc, work, peers));
    }

    private static void startPeer(PeerSpring.Variant v, Path jar, LocalStack stack, String r2dbc, Path work, Map<String, Launch> peers) {
        Launch launch;
        try {
            ChildJvm jvm = PeerSpring.start(v, jar, stack.oidc().platformIssuer(), stack.oidc().issuer("peer-idp") + "/token", r2dbc,
                    stack.postgres().user(), stack.postgres().password(), work.resolve("data/logs"));
            launch = new Launch(jvm, null, null);
            log(String.format("%s ready in %.2f s (spawn → first UP)", v.processName, jvm.readySeconds));
        } catch (Exception e) {
            launch = new Launch(null, v.processName + " did not start: " + e.getMessage(), null);
            log(launch.problem());
        }
        synchronized (peers) {
            peers.put(v.processName, launch);
        }
    }

    private static void runAll(Context ctx, LocalStack stack, Path work, Set<String> parts) {
        Map<String, Long> pids = new LinkedHashMap<>(Footprint.byService(stack.servicePids(), SERVICES));
        Launch shipped = ctx.peer(PeerSpring.Variant.SHIPPED);
        if (shipped != null && shipped.jvm() != null) {
            pids.put("peer-spring", shipped.jvm().pid());
        }
        Map<String, Double> rest = new LinkedHashMap<>();
        pids.forEach((name, pid) -> rest.put(name, Footprint.rssMiB(pid)));

        Map<String, Double> underLoad = Map.of();
        if (parts.contains("injection")) {
            try (Footprint.Sampler sampler = new Footprint.Sampler(pids)) {
                List<String> ids = new ArrayList<>(ROW_IDS.stream().filter(id -> id.startsWith("1-") || id.startsWith("7-")
                        || id.startsWith("8-proxy")).toList());
                ids.add("2-resolve-c64");
                guarded(ctx, ids, () -> new InjectionBench(ctx, work).run());
                underLoad = sampler.max();
            }
        }
        if (parts.contains("single-flight")) {
            guarded(ctx, List.of("3-singleflight-herd", "3-singleflight-users"), () -> new SingleFlightBench(ctx).run());
        }
        if (parts.contains("propagation")) {
            guarded(ctx, List.of("4-propagation-tokens", "4-propagation-aliases"), () -> new PropagationBench(ctx).run());
        }
        if (parts.contains("config-api")) {
            guarded(ctx, List.of("5-config-create-c16", "5-config-read-c16", "5-config-update-c16", "5-config-list"),
                    () -> new ConfigApiBench(ctx).run());
        }
        if (parts.contains("footprint")) {
            footprint(ctx, stack, work, pids, rest, underLoad);
        }
    }

    /** Runs one benchmark; whatever it could not fill says why. */
    private static void guarded(Context ctx, List<String> ids, Runnable bench) {
        log("running " + ids);
        try {
            bench.run();
        } catch (RuntimeException e) {
            log("  failed: " + e);
            for (String id : ids) {
                Row row = ctx.report().rows.stream().filter(r -> r.id.equals(id)).findFirst().orElseGet(() -> ctx.report().row(id, ""));
                if (row.notAvailable == null && row.values.isEmpty()) {
                    row.unavailable(e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }
        }
        for (String id : ids) {
            if (ctx.report().rows.stream().noneMatch(r -> r.id.equals(id))) {
                ctx.report().row(id, "").unavailable("the benchmark produced no figure");
            }
        }
    }

    /**
     * Start (spawn → first UP on readiness, each process alone: the Quarkus floor, then the
     * services restarted one at a time at the end of the run; the peer was started alone before
     * it) and RSS; then each service's start against the floor's and the peer's.
     */
    private static void footprint(Context ctx, LocalStack stack, Path work, Map<String, Long> pids, Map<String, Double> rest,
                                  Map<String, Double> underLoad) {
        if (!ctx.options().smoke()) {
            // The write benchmark leaves the event consumers working off its backlog for a while; a start
            // timed beside that measures the backlog. (Smoke mode judges no timing, so it does not wait.)
            double load = Machine.awaitQuiet(ctx.options().busyPerCore());
            ctx.run().put("loadBeforeStarts", load);
        }
        log("starting the Quarkus floor alone, then restarting each service alone to time its start");
        Row floorRow = ctx.report().row("6-footprint-" + FLOOR, "start alone (spawn → first UP on readiness), RSS at rest — "
                + "minimal Quarkus REST app (one endpoint, health), the services' JVM flags");
        Double floorStart = null;
        if (Absent.NO_PROC_FILESYSTEM.holds(ctx.options().root())) {
            floorRow.absent(Absent.NO_PROC_FILESYSTEM, null);
        } else {
            Path app = work.resolve("stack-root").resolve(FLOOR_MODULE).resolve("target/quarkus-app");
            try (ChildJvm floor = ChildJvm.start(FLOOR, ServiceJvm.forApp(app), List.of("-Dquarkus.http.port=0",
                    "-Dquarkus.management.port={port}", "-Dquarkus.management.host=127.0.0.1", "-jar", "quarkus-run.jar"),
                    "/q/health/ready", work.resolve("data/logs"), app)) {
                floorStart = floor.readySeconds;
                // RSS once the start's own work (JIT of start-up code, first GC) has settled, as the services' at rest.
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                double r = Footprint.rssMiB(floor.pid());
                floorRow.values.put("startSeconds", Report.round(floorStart, 2)).put("startMeasuredAs", startMeasuredAs())
                        .put("rssRestMiB", Report.round(r, 1)).put("rssUnderLoadMiB", Report.round(r, 1)).put("pid", floor.pid());
                floorRow.ours = String.format("start %.2f s, RSS %.0f MiB at rest", floorStart, r);
            } catch (IOException | RuntimeException e) {
                floorRow.unavailable("the Quarkus floor did not start: " + e.getMessage());
            }
        }
        Launch peer = ctx.peer(PeerSpring.Variant.SHIPPED);
        Double peerStart = peer.jvm() == null ? null : peer.jvm().readySeconds;

        List<String> names = new ArrayList<>(SERVICES);
        names.add("peer-spring");
        Map<String, Double> starts = new LinkedHashMap<>();
        for (String name : names) {
            Row row = ctx.report().row("6-footprint-" + name, "start alone (spawn → first UP on readiness), RSS at rest / under load (1, 7, 8) — "
                    + name);
            Long pid = pids.get(name);
            if (pid == null) {
                if (name.equals("peer-spring")) {
                    peer.explain(row);
                } else {
                    row.unavailable("no process found for " + name);
                }
                continue;
            }
            if (Absent.NO_PROC_FILESYSTEM.holds(ctx.options().root())) {
                row.absent(Absent.NO_PROC_FILESYSTEM, null);
                continue;
            }
            double start;
            try {
                start = name.equals("peer-spring") ? peerStart : Footprint.restartAlone(stack, name, pid);
            } catch (RuntimeException e) {
                row.unavailable("restarting " + name + " to time its start failed: " + e.getMessage());
                continue;
            }
            starts.put(name, start);
            double r = rest.getOrDefault(name, -1.0);
            double l = underLoad.getOrDefault(name, -1.0);
            row.values.put("startSeconds", Report.round(start, 2)).put("startMeasuredAs", startMeasuredAs()).put("rssRestMiB", Report.round(r, 1))
                    .put("rssUnderLoadMiB", Report.round(l, 1)).put("pid", pid);
            row.ours = String.format("start %.2f s, RSS %.0f MiB at rest, %.0f MiB under load", start, r, l);
            if (SERVICES.contains(name)) {
                row.goal = "RSS at rest < 200 MiB";
                row.pass = r > 0 && r < 200;
            }
            if (name.equals(LocalStack.TOKEN) && underLoad.containsKey("peer-spring")) {
                double peerLoad = underLoad.get("peer-spring");
                row.baseline = String.format("peer-spring %.0f MiB under load", peerLoad);
                row.ratio = Report.round(l / peerLoad, 2);
                row.ratioOf = "token-service/peer RSS under load";
            }
        }
        for (String name : SERVICES) {
            startVersus(ctx.report().row("6-start-vs-floor-" + name, "start alone, " + name + " vs the minimal Quarkus REST app"),
                    name, starts.get(name), FLOOR, floorStart, floorRow.notAvailable, 2.0);
            Row versusPeer = ctx.report().row("6-start-vs-peer-" + name, "start alone, " + name + " vs the Spring peer (as shipped)");
            if (peerStart == null) {
                peer.explain(versusPeer);
            } else {
                startVersus(versusPeer, name, starts.get(name), "peer-spring", peerStart, null, 0.5);
            }
        }
    }

    /** A service's start (spawn → ready) over a baseline's, with the goal "at most {@code goal}×". */
    private static void startVersus(Row row, String name, Double start, String baseName, Double base, String baseProblem, double goal) {
        if (start == null) {
            row.unavailable(name + "'s start was not timed (see 6-footprint-" + name + ")");
            return;
        }
        if (base == null) {
            row.unavailable(baseName + " was not timed: " + (baseProblem == null ? "see 6-footprint-" + baseName : baseProblem));
            return;
        }
        row.values.put("startSeconds", Report.round(start, 2)).put("baseStartSeconds", Report.round(base, 2)).put("baseName", baseName)
                .put("startMeasuredAs", startMeasuredAs());
        row.ours = String.format("start %.2f s", start);
        row.baseline = String.format("%s start %.2f s", baseName, base);
        row.ratio = Report.round(start / base, 2);
        row.ratioOf = name + "/" + baseName + " start";
        row.goal = String.format("≤ %.1f× %s", goal, baseName);
        row.pass = start / base <= goal;
    }

    private static String startMeasuredAs() {
        return "spawn → first UP on readiness, started alone, " + Readiness.POLL.toMillis() + " ms polling";
    }

    private static void order(Report report) {
        report.rows.sort((a, b) -> Integer.compare(index(a.id), index(b.id)));
    }

    private static int index(String id) {
        int i = ROW_IDS.indexOf(id);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /**
     * Copies each service's packaged application: other builds on this machine may rebuild
     * target/quarkus-app while the benchmark runs.
     */
    static Path snapshot(Path root, Path to) throws IOException {
        List<String> modules = new ArrayList<>(SERVICES);
        modules.add(FLOOR_MODULE);
        for (String service : modules) {
            Path from = root.resolve(service).resolve("target/quarkus-app");
            if (!Files.isRegularFile(from.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(from + " is missing: build first (./mvnw -B -DskipTests package at the root, or bench/run.sh)");
            }
            Path target = to.resolve(service).resolve("target/quarkus-app");
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path dest = target.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(dest);
                    } else {
                        // Times kept: the class-data archive is used only with the very jars (size and time) it was made from.
                        Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        return to;
    }

    /** Each run copies ~250 MB of service jars; keep only the newest run's folder. */
    private static void deleteEarlierRuns(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return;
        }
        try (Stream<Path> runs = Files.list(target)) {
            runs.filter(d -> d.getFileName().toString().startsWith("run-")).toList().forEach(TempDirectories::delete);
        }
    }

    static void log(String message) {
        System.out.println("[bench " + DateTimeFormatter.ISO_LOCAL_TIME.format(java.time.LocalTime.now()).substring(0, 8) + "] " + message);
    }
}
