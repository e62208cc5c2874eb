package com.oauthconfig.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;

/**
 * (5) config API: create, read and update throughput and p99 at 16 concurrent, then list latency
 * (pages of 100) in the organisation the creates filled (10,000 configs in the full run). The
 * baseline is the HTTP floor of this machine at the same concurrency: the same client against
 * the local upstream's fixed answer.
 */
final class ConfigApiBench {

    private static final String ISSUER = "bench-cfg";
    private static final Duration CATCH_UP_CAP = Duration.ofSeconds(120);

    private final Bench.Context ctx;

    ConfigApiBench(Bench.Context ctx) {
        this.ctx = ctx;
    }

    void run() {
        Bench.Options o = ctx.options();
        Row create = ctx.report().row("5-config-create-c16", "config API create, 16 concurrent");
        Row read = ctx.report().row("5-config-read-c16", "config API read by id, 16 concurrent");
        Row update = ctx.report().row("5-config-update-c16", "config API update (PATCH, If-Match), 16 concurrent");
        Row list = ctx.report().row("5-config-list", "config API list, pages of 100, in one org of up to "
                + String.format("%,d", o.configs()) + " configs");
        Platform p = ctx.platform();
        Load load = ctx.load();

        Load.Result floor = load.run(16, o.warmup(), o.measure(), seq -> Load.Req.get(ctx.upstream().url(),
                MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer floor-baseline-token")), s -> s == 200);

        // Warm-up creates go to another organisation, so the measured one holds exactly what was measured.
        // Like every target of rows 1, 7 and 8, until the rate settles: a write crosses three JVMs
        // (the service and the two event consumers), whose JIT took over a minute to settle here.
        String warmOrg = Platform.newOrg();
        MultiMap warmHeaders = jsonHeaders(p.adminToken(warmOrg));
        AtomicLong warmCreated = new AtomicLong();
        Warmup.Outcome createWarmup = Warmup.untilSettled(load, seq -> Load.Req.post(p.config() + "/api/orgs/" + warmOrg + "/oauth-configs",
                warmHeaders, p.configBody("bench.warm" + warmCreated.getAndIncrement(), ISSUER).encode()), s -> s == 201, null,
                o.settleWindow(), o.settleCap());

        String org = Platform.newOrg();
        MultiMap headers = jsonHeaders(p.adminToken(org));
        String base = p.config() + "/api/orgs/" + org + "/oauth-configs";
        Map<String, Long> versions = new ConcurrentHashMap<>();
        EventBacklog backlog = EventBacklog.of(p.stack);
        // The warm-up's events are applied before the clock starts, so the run's catch-up is its own.
        create.values.put("warmupCatchUp", backlog.awaitAllApplied(CATCH_UP_CAP).toJson());
        Bench.log("  creating up to " + o.configs() + " configs at 16 concurrent (cap " + o.createCap().toSeconds() + " s)");
        CpuTime createCpu = CpuTime.start(p.stack);
        Load.Result created = load.run(16, Duration.ZERO, o.createCap(), o.configs(),
                seq -> Load.Req.post(base, headers, p.configBody("bench.c" + seq, ISSUER).encode()), s -> s == 201,
                (req, response) -> {
                    String location = response.getHeader("Location");
                    if (response.statusCode() == 201 && location != null) {
                        versions.put(location.substring(location.lastIndexOf('/') + 1), etag(response.getHeader("ETag")));
                    }
                });
        EventBacklog.CatchUp createCatchUp = backlog.awaitAllApplied(CATCH_UP_CAP);
        fill(create, created, floor, "create", createCpu, createCatchUp);
        create.values.put("warmup", createWarmup.toJson());
        goal(create, "createSustainedRps", 1_000);
        create.values.put("configsCreated", versions.size());
        List<String> ids = new ArrayList<>(versions.keySet());
        if (ids.isEmpty()) {
            String reason = "no config was created: " + created.firstError();
            read.unavailable(reason);
            update.unavailable(reason);
            list.unavailable(reason);
            backlog.close();
            return;
        }

        CpuTime readCpu = CpuTime.start(p.stack);
        Load.Result reads = load.run(16, o.warmup(), o.measure(), seq -> Load.Req.get(base + "/" + ids.get((int) (seq % ids.size())), headers),
                s -> s == 200);
        fill(read, reads, floor, "read", readCpu, null);

        AtomicLong patchSeq = new AtomicLong();
        LongFunction<Load.Req> patch = seq -> {
            long n = patchSeq.getAndIncrement();
            String id = ids.get((int) (n % ids.size()));
            MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(headers).set("Content-Type", "application/merge-patch+json")
                    .add("If-Match", "\"" + versions.get(id) + "\"");
            return new Load.Req(HttpMethod.PATCH, base + "/" + id, h, Buffer.buffer(new JsonObject().put("name", "Bench renamed " + n).encode()));
        };
        BiConsumer<Load.Req, HttpClientResponse> newVersion = (req, response) -> {
            if (response.statusCode() == 200) {
                String id = req.url().substring(req.url().lastIndexOf('/') + 1);
                versions.put(id, etag(response.getHeader("ETag")));
            }
        };
        Warmup.Outcome updateWarmup = Warmup.untilSettled(load, patch, s -> s == 200, newVersion, o.settleWindow(), o.settleCap());
        update.values.put("warmupCatchUp", backlog.awaitAllApplied(CATCH_UP_CAP).toJson());
        CpuTime updateCpu = CpuTime.start(p.stack);
        Load.Result updates = load.run(16, Duration.ZERO, o.measure(), Long.MAX_VALUE, patch, s -> s == 200, newVersion);
        EventBacklog.CatchUp updateCatchUp = backlog.awaitAllApplied(CATCH_UP_CAP);
        backlog.close();
        fill(update, updates, floor, "update", updateCpu, updateCatchUp);
        update.values.put("warmup", updateWarmup.toJson());
        goal(update, "updateSustainedRps", 1_500);

        int pages = (ids.size() + 99) / 100;
        Load.Result listed = load.run(1, o.warmup(), o.measure(), seq -> Load.Req.get(base + "?size=100&sort=title,asc&page="
                + ThreadLocalRandom.current().nextInt(pages), headers), s -> s == 200);
        String unusable = listed.unusable("list");
        if (unusable != null) {
            list.unavailable(unusable);
        } else {
            InjectionBench.put(list.values, "list", listed);
            list.values.put("configsInOrg", ids.size()).put("pages", pages);
            list.ours = String.format("%,d configs, random page of 100: p50 %s, p99 %s (%s, 1 concurrent)", ids.size(),
                    Report.ms(listed.p50Ms()), Report.ms(listed.p99Ms()), Report.rps(listed.rps()));
        }
    }

    /**
     * A row's figures. For a write ({@code catchUp} non-null) the sustained rate and the CPU per
     * request run until the consumers had applied every event of the run, not only while the API answered.
     */
    private static void fill(Row row, Load.Result r, Load.Result floor, String what, CpuTime cpu, EventBacklog.CatchUp catchUp) {
        String unusable = r.unusable(what);
        if (unusable != null) {
            row.unavailable(unusable);
            return;
        }
        InjectionBench.put(row.values, what, r);
        InjectionBench.put(row.values, "httpFloor", floor);
        String sustained = "";
        double perRequestRps = r.rps();
        if (catchUp != null) {
            perRequestRps = r.requests() / (r.seconds() + catchUp.seconds());
            row.values.put(what + "SustainedRps", Report.round(perRequestRps, 1)).put("consumersCatchUp", catchUp.toJson());
            sustained = String.format("; sustained %s with the consumers' catch-up of %.1f s%s", Report.rps(perRequestRps),
                    catchUp.seconds(), catchUp.caughtUp() ? "" : " (not caught up at the cap: an upper bound)");
        }
        JsonObject cpuMs = cpu.msPerRequest(perRequestRps);
        row.values.put("cpuMsPerRequest", cpuMs);
        row.ours = InjectionBench.summary(r) + sustained + (cpuMs.isEmpty() ? "" : "; " + CpuTime.summary(cpuMs));
        row.baseline = "HTTP floor (upstream direct, 16): " + Report.rps(floor.rps());
        row.ratio = Report.round(r.rps() / floor.rps(), 3);
        row.ratioOf = what + "/floor req/s";
    }

    private static void goal(Row row, String rpsKey, double rps) {
        if (row.notAvailable == null) {
            row.goal = String.format("≥ %,.0f req/s at 16", rps);
            row.pass = row.values.getDouble(rpsKey) >= rps;
        }
    }

    private static MultiMap jsonHeaders(String token) {
        return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token).add("Content-Type", "application/json")
                .add("Accept", "application/json");
    }

    private static long etag(String etag) {
        return etag == null ? 0 : Long.parseLong(etag.replaceAll("[^0-9]", ""));
    }
}
