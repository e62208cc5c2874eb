package com.oauthconfig.bench;

import com.oauthconfig.localstack.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every benchmark of issue 8 against the local stack (PostgreSQL, Kafka, OIDC provider and
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
            "6-footprint-config-service", "6-footprint-token-service", "6-footprint-credential-alias-service",
            "6-footprint-peer-spring",
            "7-peer-c1", "7-peer-c16", "7-peer-c64");

    static final List<String> SERVICES = List.of(LocalStack.CONFIG, LocalStack.TOKEN, LocalStack.ALIAS);

    /** Sizes and durations; {@link #smoke} keeps every benchmark to a few seconds. */
    public record Options(boolean smoke, Path root, Path out, Duration warmup, Duration measure, int aliases, int configs,
                          int users, int herd, int rounds, Duration createCap) {

        public static Options full(Path root, Path out) {
            return new Options(false, root, out, Duration.ofSeconds(5), Duration.ofSeconds(10), 10_000, 10_000, 100, 1_000, 5,
                    Duration.ofMinutes(4));
        }

        public static Options smoke(Path root, Path out) {
            return new Options(true, root, out, Duration.ofSeconds(1), Duration.ofSeconds(2), 500, 200, 10, 200, 2,
                    Duration.ofSeconds(30));
        }
    }

    /** What every benchmark needs. */
    record Context(Options options, Platform platform, Load load, Upstream upstream, PeerSpring peer, String peerProblem,
                   Report report) {
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        boolean smoke = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                default -> {
                    System.err.println("usage: bench/run.sh [--smoke] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            out = root.resolve(smoke ? "bench/results/smoke.json" : "bench/results/latest.json");
        }
        JsonObject result = run(smoke ? Options.smoke(root, out) : Options.full(root, out));
        System.exit(result.getJsonArray("rows").size() == ROW_IDS.size() ? 0 : 1);
    }

    /** The whole run; returns what it wrote to {@code options.out()}. */
    public static JsonObject run(Options o) throws IOException {
        long began = System.nanoTime();
        JsonObject run = new JsonObject()
                .put("date", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)))
                .put("mode", o.smoke() ? "smoke" : "full")
                .put("machine", Machine.facts())
                .put("settings", new JsonObject().put("warmupSeconds", o.warmup().toSeconds()).put("measureSeconds", o.measure().toSeconds())
                        .put("aliases", o.aliases()).put("configs", o.configs()).put("users", o.users()).put("herd", o.herd())
                        .put("rounds", o.rounds()).put("loadGenerator", "Vert.x HttpClient, closed loop, keep-alive pool = concurrency, "
                                + "HdrHistogram (µs)").put("serviceJvm", "-Xmx256m -XX:+UseSerialGC (LocalStack), peer the same"));
        Report report = new Report();
        Path work = o.root().resolve("bench/target/run-" + System.currentTimeMillis());
        deleteEarlierRuns(o.root().resolve("bench/target"));
        Path stackRoot = snapshot(o.root(), work.resolve("stack-root"));
        log("starting the local stack (services from a copy of their packaged jars in " + stackRoot + ")");
        long stackBegan = System.nanoTime();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests(stackRoot, work.resolve("data"), 1));
             Upstream upstream = Upstream.start(vertx)) {
            double stackSeconds = (System.nanoTime() - stackBegan) / 1e9;
            run.put("stackReadySeconds", Report.round(stackSeconds, 1));
            log(String.format("stack ready in %.1f s", stackSeconds));
            Platform platform = new Platform(stack);
            PeerSpring peer = null;
            String peerProblem = null;
            try {
                Path jar = PeerSpring.ensureBuilt(o.root(), work.resolve("peer-build.log"));
                peer = PeerSpring.start(jar, stack.oidc().platformIssuer(), stack.oidc().issuer("peer-idp") + "/token",
                        work.resolve("data/logs"));
                log(String.format("peer-spring ready in %.1f s", peer.readySeconds));
            } catch (Exception e) {
                peerProblem = "peer-spring did not start: " + e.getMessage();
                log(peerProblem);
            }
            Context ctx = new Context(o, platform, new Load(vertx), upstream, peer, peerProblem, report);
            try {
                runAll(ctx, stack, work);
            } finally {
                if (peer != null) {
                    peer.close();
                }
            }
        } catch (RuntimeException | IOException e) {
            // The stack itself did not start: every row says so rather than showing nothing.
            log("the run failed: " + e);
            for (String id : ROW_IDS) {
                if (report.rows.stream().noneMatch(r -> r.id.equals(id))) {
                    report.row(id, "").unavailable("the local stack did not start or the run failed: " + e.getMessage());
                }
            }
        } finally {
            vertx.close();
        }
        order(report);
        run.put("machineLoadAfter", Machine.loadAverage());
        run.put("durationSeconds", Report.round((System.nanoTime() - began) / 1e9, 1));
        System.out.println();
        System.out.println(report.table());
        report.write(o.out(), run);
        log("wrote " + o.out());
        return report.json(run);
    }

    private static void runAll(Context ctx, LocalStack stack, Path work) {
        Map<String, Long> pids = new LinkedHashMap<>(Footprint.byService(stack.servicePids(), SERVICES));
        if (ctx.peer() != null) {
            pids.put("peer-spring", ctx.peer().pid());
        }
        Map<String, Double> rest = new LinkedHashMap<>();
        pids.forEach((name, pid) -> rest.put(name, Footprint.rssMiB(pid)));

        Map<String, Double> underLoad;
        try (Footprint.Sampler sampler = new Footprint.Sampler(pids)) {
            guarded(ctx, List.of("1-inject-c1", "1-inject-c16", "1-inject-c64", "7-peer-c1", "7-peer-c16", "7-peer-c64",
                    "2-resolve-c64"), () -> new InjectionBench(ctx).run());
            underLoad = sampler.max();
        }
        guarded(ctx, List.of("3-singleflight-herd", "3-singleflight-users"), () -> new SingleFlightBench(ctx).run());
        guarded(ctx, List.of("4-propagation-tokens", "4-propagation-aliases"), () -> new PropagationBench(ctx).run());
        guarded(ctx, List.of("5-config-create-c16", "5-config-read-c16", "5-config-update-c16", "5-config-list"),
                () -> new ConfigApiBench(ctx).run());
        footprint(ctx, stack, work, pids, rest, underLoad);
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

    private static void footprint(Context ctx, LocalStack stack, Path work, Map<String, Long> pids, Map<String, Double> rest,
                                  Map<String, Double> underLoad) {
        List<String> names = new ArrayList<>(SERVICES);
        names.add("peer-spring");
        for (String name : names) {
            Row row = ctx.report().row("6-footprint-" + name, "start to ready, RSS at rest / under load (1, 2) — " + name);
            Long pid = pids.get(name);
            if (pid == null) {
                row.unavailable(name.equals("peer-spring") ? String.valueOf(ctx.peerProblem()) : "no process found for " + name);
                continue;
            }
            double start;
            String startNote;
            if (name.equals("peer-spring")) {
                start = ctx.peer().readySeconds;
                startNote = "spawn → /ready";
                Footprint.springStartSeconds(ctx.peer().log).ifPresent(s -> row.values.put("springReportedStartSeconds", s));
            } else {
                String url = stack.url(name);
                Path log = work.resolve("data/logs").resolve(name + "-" + url.substring(url.lastIndexOf(':') + 1) + ".log");
                start = Footprint.quarkusStartSeconds(log).orElse(-1);
                startNote = "Quarkus 'started in' (listening; readiness checks DB + Kafka right after)";
            }
            double r = rest.getOrDefault(name, -1.0);
            double l = underLoad.getOrDefault(name, -1.0);
            row.values.put("startSeconds", start).put("startMeasuredAs", startNote).put("rssRestMiB", Report.round(r, 1))
                    .put("rssUnderLoadMiB", Report.round(l, 1)).put("pid", pid);
            row.ours = String.format("start %.2f s, RSS %.0f MiB at rest, %.0f MiB under load", start, r, l);
            if (name.equals(LocalStack.TOKEN) && underLoad.containsKey("peer-spring")) {
                double peerLoad = underLoad.get("peer-spring");
                row.baseline = String.format("peer-spring %.0f MiB under load", peerLoad);
                row.ratio = Report.round(l / peerLoad, 2);
                row.ratioOf = "token-service/peer RSS under load";
            }
        }
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
        for (String service : SERVICES) {
            Path from = root.resolve(service).resolve("target/quarkus-app");
            if (!Files.isRegularFile(from.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(from + " is missing: build first (./mvnw -B -DskipTests install at the root, or bench/run.sh)");
            }
            Path target = to.resolve(service).resolve("target/quarkus-app");
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path dest = target.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
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
            for (Path run : runs.filter(d -> d.getFileName().toString().startsWith("run-")).toList()) {
                try (Stream<Path> files = Files.walk(run)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    static void log(String message) {
        System.out.println("[bench " + DateTimeFormatter.ISO_LOCAL_TIME.format(java.time.LocalTime.now()).substring(0, 8) + "] " + message);
    }
}
