package com.oauthconfig.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (1) injection overhead: {@code POST /api/functions/execute} with a cached token to the local
 * upstream against direct calls to the same upstream with the same token, at 1, 16 and 64
 * concurrent; (7) the same workload through the Spring peer; (2) token resolution at 64.
 * The three targets of one concurrency are measured back to back, so they share the machine's
 * conditions of that moment.
 */
final class InjectionBench {

    static final List<Integer> CONCURRENCY = List.of(1, 16, 64);
    private static final String ISSUER = "bench-idp";
    private static final String TITLE = "bench.inject.token";
    private static final String USER = "user-1";

    private final Bench.Context ctx;

    InjectionBench(Bench.Context ctx) {
        this.ctx = ctx;
    }

    void run() {
        Report report = ctx.report();
        Map<Integer, Row> inject = new LinkedHashMap<>();
        Map<Integer, Row> peerRows = new LinkedHashMap<>();
        for (int c : CONCURRENCY) {
            inject.put(c, report.row("1-inject-c" + c, "injection vs direct call, " + c + " concurrent"));
        }
        Row resolveRow = report.row("2-resolve-c64", "token resolve (cache hit), 64 concurrent");
        for (int c : CONCURRENCY) {
            peerRows.put(c, report.row("7-peer-c" + c, "injection: ours vs Spring peer, " + c + " concurrent"));
        }

        Platform p = ctx.platform();
        Load load = ctx.load();
        String org = Platform.newOrg();
        String configId = p.createConfig(org, TITLE, ISSUER);
        p.signIn(org, configId, USER);
        String upstream = ctx.upstream().url();

        MultiMap serviceHeaders = MultiMap.caseInsensitiveMultiMap()
                .add("Authorization", "Bearer " + p.serviceToken())
                .add("Content-Type", "application/json")
                .add("Accept", "application/json");
        String executeBody = Platform.executeBody(org, USER, TITLE, upstream);
        Load.Req ours = Load.Req.post(p.token() + "/api/functions/execute", serviceHeaders, executeBody);
        Load.Req resolve = Load.Req.post(p.token() + "/api/tokens/resolve", serviceHeaders, Platform.resolveBody(org, USER, TITLE));

        String oursProblem = probe(load, ours, "POST /api/functions/execute");
        String resolveProblem = probe(load, resolve, "POST /api/tokens/resolve");
        // "Direct, with the same token": the token the resolve endpoint hands out for this user.
        String directToken;
        String directTokenSource;
        if (resolveProblem == null) {
            directToken = p.resolve(org, USER, TITLE);
            directTokenSource = "the user's provider token (from /api/tokens/resolve)";
        } else {
            directToken = p.stack.oidc().platformToken(USER, org, "MEMBER");
            directTokenSource = "a stand-in JWT of the same size class (resolve not available)";
        }
        Load.Req direct = Load.Req.get(upstream, MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + directToken)
                .add("Accept", "application/json"));
        String peerProblem = ctx.peerProblem();
        Load.Req peer = null;
        if (ctx.peer() != null) {
            peer = Load.Req.post(ctx.peer().url() + "/api/functions/execute", serviceHeaders, executeBody);
            peerProblem = probe(load, peer, "peer-spring POST /api/functions/execute");
        }

        // One longer warm-up of every path (JIT, connection pools, caches) before any measurement.
        Duration jit = ctx.options().warmup().multipliedBy(2);
        load.run(16, jit, Duration.ZERO, seq -> direct, s -> s == 200);
        if (oursProblem == null) {
            load.run(16, jit, Duration.ZERO, seq -> ours, s -> s == 200);
        }
        if (peerProblem == null) {
            Load.Req peerReq = peer;
            load.run(16, jit, Duration.ZERO, seq -> peerReq, s -> s == 200);
        }

        Load.Result direct64 = null;
        for (int c : CONCURRENCY) {
            Bench.log("  concurrency " + c);
            Load.Result d = measure(c, direct);
            if (c == 64) {
                direct64 = d;
            }
            Load.Result o = oursProblem == null ? measure(c, ours) : null;
            Load.Result s = peerProblem == null ? measure(c, peer) : null;
            fillInject(inject.get(c), c, o, d, oursProblem, directTokenSource);
            fillPeer(peerRows.get(c), o, s, oursProblem, peerProblem);
        }

        if (resolveProblem != null) {
            resolveRow.unavailable(resolveProblem);
        } else {
            Load.Result r = measure(64, resolve);
            String unusable = r.unusable("resolve");
            if (unusable != null) {
                resolveRow.unavailable(unusable);
            } else {
                put(resolveRow.values, "resolve", r);
                resolveRow.ours = summary(r);
                resolveRow.goal = "≥ 10,000 req/s at 64 (2 cores)";
                resolveRow.pass = r.rps() >= 10_000;
                if (direct64 != null && direct64.requests() > 0) {
                    put(resolveRow.values, "httpFloor", direct64);
                    resolveRow.baseline = "HTTP floor (upstream direct, 64): " + Report.rps(direct64.rps());
                    resolveRow.ratio = Report.round(r.rps() / direct64.rps(), 2);
                    resolveRow.ratioOf = "resolve/floor req/s";
                }
            }
        }
    }

    private Load.Result measure(int concurrency, Load.Req req) {
        return ctx.load().run(concurrency, ctx.options().warmup(), ctx.options().measure(), seq -> req, s -> s == 200);
    }

    private static void fillInject(Row row, int c, Load.Result ours, Load.Result direct, String oursProblem, String tokenSource) {
        if (oursProblem != null) {
            row.unavailable(oursProblem);
            return;
        }
        String unusable = firstNonNull(ours.unusable("through the token-service"), direct.unusable("direct"));
        if (unusable != null) {
            row.unavailable(unusable);
            return;
        }
        put(row.values, "ours", ours);
        put(row.values, "direct", direct);
        double overhead = ours.p50Ms() - direct.p50Ms();
        row.values.put("p50OverheadMs", Report.round(overhead, 3)).put("p50Ratio", Report.round(ours.p50Ms() / direct.p50Ms(), 2))
                .put("p99Ratio", Report.round(ours.p99Ms() / direct.p99Ms(), 2)).put("directToken", tokenSource);
        row.ours = summary(ours) + String.format(", p50 overhead %+.2f ms", overhead);
        row.baseline = "direct: " + summary(direct);
        row.ratio = Report.round(ours.rps() / direct.rps(), 2);
        row.ratioOf = String.format("ours/direct req/s (p50 %.2f×, p99 %.2f×)", ours.p50Ms() / direct.p50Ms(), ours.p99Ms() / direct.p99Ms());
        if (c == 1) {
            row.goal = "p50 overhead ≤ 1 ms";
            row.pass = overhead <= 1.0;
        } else if (c == 64) {
            row.goal = "throughput ≥ 0.6× direct";
            row.pass = row.ratio >= 0.6;
        }
    }

    private static void fillPeer(Row row, Load.Result ours, Load.Result peer, String oursProblem, String peerProblem) {
        if (oursProblem != null || peerProblem != null) {
            row.unavailable(oursProblem != null ? oursProblem : peerProblem);
            return;
        }
        String unusable = firstNonNull(ours.unusable("through the token-service"), peer.unusable("through peer-spring"));
        if (unusable != null) {
            row.unavailable(unusable);
            return;
        }
        put(row.values, "ours", ours);
        put(row.values, "peer", peer);
        row.values.put("p50Ratio", Report.round(ours.p50Ms() / peer.p50Ms(), 2)).put("p99Ratio", Report.round(ours.p99Ms() / peer.p99Ms(), 2));
        row.ours = summary(ours);
        row.baseline = "Spring peer: " + summary(peer);
        row.ratio = Report.round(ours.rps() / peer.rps(), 2);
        row.ratioOf = String.format("ours/peer req/s (p50 %.2f×, p99 %.2f×)", ours.p50Ms() / peer.p50Ms(), ours.p99Ms() / peer.p99Ms());
        row.goal = "≥ 1.0× peer req/s (our claim)";
        row.pass = row.ratio >= 1.0;
    }

    /** Null when one request answers 200, otherwise what it answered. */
    static String probe(Load load, Load.Req req, String what) {
        try {
            Load.Answer a = load.once(req);
            return a.status() == 200 ? null : what + " answered " + a.describe();
        } catch (RuntimeException e) {
            return what + " failed: " + e.getMessage();
        }
    }

    static String summary(Load.Result r) {
        return Report.rps(r.rps()) + ", p50 " + Report.ms(r.p50Ms()) + ", p99 " + Report.ms(r.p99Ms());
    }

    static void put(JsonObject values, String prefix, Load.Result r) {
        values.put(prefix + "Rps", Report.round(r.rps(), 1)).put(prefix + "P50Ms", Report.round(r.p50Ms(), 3))
                .put(prefix + "P99Ms", Report.round(r.p99Ms(), 3)).put(prefix + "MaxMs", Report.round(r.maxMs(), 3))
                .put(prefix + "Requests", r.requests()).put(prefix + "Errors", r.errors());
    }

    static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
