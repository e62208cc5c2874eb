package com.oauthconfig.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * (1) injection overhead: {@code POST /api/functions/execute} with a stored token to the local
 * upstream against direct calls to the same upstream with the same token, at 1, 16 and 64
 * concurrent; (7) the same workload through the Spring peer as shipped, with a verified-token
 * cache, and with per-user tokens from a store; (8) through a bare Vert.x proxy; (2) token
 * resolution at 64. Every target is first warmed until its throughput settles; then, per
 * concurrency, every target is measured {@code repeats} times in alternating order
 * (A B … B A A B …) and each figure is the median.
 */
final class InjectionBench {

    static final List<Integer> CONCURRENCY = List.of(1, 16, 64);
    private static final String ISSUER = "bench-idp";
    private static final String TITLE = "bench.inject.token";
    private static final String USER = "user-1";

    static final String DIRECT = "direct";
    static final String OURS = "token-service";
    static final String BARE_PROXY = "bare-proxy";

    /** Something the load generator drives, or why it cannot ({@code whyNot} set, {@code req} null). */
    record Target(String name, Load.Req req, Bench.Launch whyNot) {

        static Target of(String name, Load.Req req, String problem) {
            return problem == null ? new Target(name, req, null) : new Target(name, null, new Bench.Launch(null, problem, null));
        }

        boolean usable() {
            return whyNot == null;
        }
    }

    private final Bench.Context ctx;
    private final Path work;

    InjectionBench(Bench.Context ctx, Path work) {
        this.ctx = ctx;
        this.work = work;
    }

    void run() {
        Report report = ctx.report();
        Map<Integer, Row> inject = new LinkedHashMap<>();
        Map<PeerSpring.Variant, Map<Integer, Row>> peerRows = new LinkedHashMap<>();
        Map<Integer, Row> proxyRows = new LinkedHashMap<>();
        for (int c : CONCURRENCY) {
            inject.put(c, report.row("1-inject-c" + c, "injection vs direct call, " + c + " concurrent"));
        }
        Row resolveRow = report.row("2-resolve-c64", "token resolve (cache hit), 64 concurrent");
        for (PeerSpring.Variant v : PeerSpring.Variant.values()) {
            Map<Integer, Row> rows = new LinkedHashMap<>();
            for (int c : CONCURRENCY) {
                rows.put(c, report.row(peerRowId(v, c), peerFigure(v) + ", " + c + " concurrent"));
            }
            peerRows.put(v, rows);
        }
        for (int c : CONCURRENCY) {
            proxyRows.put(c, report.row("8-proxy-c" + c, "injection vs bare Vert.x proxy (fixed header, no auth, no lookup), " + c
                    + " concurrent"));
        }

        Platform p = ctx.platform();
        Load load = ctx.load();
        Upstream upstream = ctx.upstream();
        String org = Platform.newOrg();
        String configId = p.createConfig(org, TITLE, ISSUER);
        p.signIn(org, configId, USER);

        MultiMap serviceHeaders = p.injectionHeaders(org, USER).add("Accept", "application/json");
        String executeBody = Platform.executeBody(org, USER, TITLE, upstream.url());
        Load.Req oursReq = Load.Req.post(p.token() + "/api/functions/execute", serviceHeaders, executeBody);
        Load.Req resolve = Load.Req.post(p.token() + "/api/tokens/resolve", serviceHeaders, Platform.resolveBody(org, USER, TITLE));

        String resolveProblem = probe(load, resolve, "POST /api/tokens/resolve");
        if (resolveProblem != null) {
            // Without the user's token there is no "direct, same token" baseline and no check of what was injected.
            throw new IllegalStateException(resolveProblem);
        }
        String userToken = p.resolve(org, USER, TITLE);
        String oursProblem = probeInjects(load, oursReq, "POST /api/functions/execute", upstream, userToken);
        Load.Req direct = Load.Req.get(upstream.url(), MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + userToken)
                .add("Accept", "application/json"));

        List<Target> targets = new ArrayList<>();
        targets.add(Target.of(DIRECT, direct, probe(load, direct, "the upstream")));
        targets.add(Target.of(OURS, oursReq, oursProblem));
        for (PeerSpring.Variant v : PeerSpring.Variant.values()) {
            targets.add(peerTarget(v, org, serviceHeaders, executeBody));
        }
        ChildJvm bareProxy = null;
        try {
            Target proxy;
            try {
                bareProxy = startBareProxy(userToken);
                Load.Req proxyReq = Load.Req.get(bareProxy.url() + Upstream.PATH, MultiMap.caseInsensitiveMultiMap()
                        .add("Accept", "application/json"));
                proxy = Target.of(BARE_PROXY, proxyReq, probeInjects(load, proxyReq, "bare proxy GET " + Upstream.PATH, upstream, userToken));
            } catch (Exception e) {
                proxy = Target.of(BARE_PROXY, null, "the bare proxy did not start: " + e.getMessage());
            }
            targets.add(proxy);
            measureAndFill(targets, inject, peerRows, proxyRows);
        } finally {
            if (bareProxy != null) {
                bareProxy.close();
            }
        }

        Measured r = repeat(64, resolve);
        String unusable = r.unusable("resolve");
        if (unusable != null) {
            resolveRow.unavailable(unusable);
        } else {
            put(resolveRow.values, "resolve", r);
            resolveRow.ours = summary(r);
            resolveRow.goal = "≥ 40,000 req/s at 64 (2 cores)";
            resolveRow.pass = r.rps() >= 40_000;
        }
    }

    private void measureAndFill(List<Target> targets, Map<Integer, Row> inject, Map<PeerSpring.Variant, Map<Integer, Row>> peerRows,
                                Map<Integer, Row> proxyRows) {
        Bench.Options o = ctx.options();
        List<Target> usable = targets.stream().filter(Target::usable).toList();
        JsonObject warmups = new JsonObject();
        for (Target t : usable) {
            Warmup.Outcome w = Warmup.untilSettled(ctx.load(), t.req(), o.settleWindow(), o.settleCap());
            Bench.log(String.format("  warmed %s: %s req/s per window%s", t.name(), w.toJson().getJsonArray("windowsRps").encode(),
                    o.smoke() ? " (smoke: one window)" : w.settled() ? ", settled" : ", NOT settled within the cap"));
            warmups.put(t.name(), w.toJson());
        }
        ctx.run().put("warmup", warmups);

        Map<String, Target> byName = new LinkedHashMap<>();
        targets.forEach(t -> byName.put(t.name(), t));
        for (int c : CONCURRENCY) {
            Bench.log("  concurrency " + c);
            Map<String, Measured> m = alternating(usable, c);
            Target ours = byName.get(OURS);
            fillInject(inject.get(c), c, ours, m.get(OURS), byName.get(DIRECT), m.get(DIRECT));
            for (PeerSpring.Variant v : PeerSpring.Variant.values()) {
                fillVersus(peerRows.get(v).get(c), ours, m.get(OURS), byName.get(v.processName), m.get(v.processName), "Spring peer ("
                        + v.processName + ")", "ours/peer req/s");
                Row row = peerRows.get(v).get(c);
                if (row.notAvailable == null) {
                    row.goal = "≥ 1.0× peer req/s (our claim)";
                    row.pass = row.ratio >= 1.0;
                }
            }
            Row proxy = proxyRows.get(c);
            fillVersus(proxy, ours, m.get(OURS), byName.get(BARE_PROXY), m.get(BARE_PROXY), "bare proxy", "ours/bare proxy req/s");
            if (proxy.notAvailable == null) {
                if (c == 1) {
                    // At one connection the difference is per-request cost, not queueing.
                    double overhead = proxy.values.getDouble("p50OverheadMs");
                    proxy.goal = "p50 ≤ 0.3 ms over the bare proxy";
                    proxy.pass = overhead <= 0.3;
                } else {
                    proxy.goal = "≥ 0.8× bare proxy req/s";
                    proxy.pass = proxy.ratio >= 0.8;
                }
            }
        }
    }

    /**
     * Each target {@code repeats} times at one concurrency, in alternating order: forward, then
     * backward, then forward …, so no target always runs first or last (drift, GC, other load).
     */
    private Map<String, Measured> alternating(List<Target> targets, int concurrency) {
        Map<String, List<Load.Result>> runs = new LinkedHashMap<>();
        for (int rep = 0; rep < ctx.options().repeats(); rep++) {
            List<Target> order = new ArrayList<>(targets);
            if (rep % 2 == 1) {
                Collections.reverse(order);
            }
            for (Target t : order) {
                runs.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(once(concurrency, t.req()));
            }
        }
        Map<String, Measured> measured = new LinkedHashMap<>();
        runs.forEach((name, list) -> measured.put(name, new Measured(list)));
        return measured;
    }

    private Measured repeat(int concurrency, Load.Req req) {
        List<Load.Result> runs = new ArrayList<>();
        for (int rep = 0; rep < ctx.options().repeats(); rep++) {
            runs.add(once(concurrency, req));
        }
        return new Measured(runs);
    }

    private Load.Result once(int concurrency, Load.Req req) {
        return ctx.load().run(concurrency, ctx.options().rewarm(), ctx.options().measure(), seq -> req, s -> s == 200);
    }

    private Target peerTarget(PeerSpring.Variant v, String org, MultiMap serviceHeaders, String executeBody) {
        Bench.Launch launch = ctx.peer(v);
        if (launch.jvm() == null) {
            return new Target(v.processName, null, launch);
        }
        Load.Req req = Load.Req.post(launch.jvm().url() + "/api/functions/execute", serviceHeaders, executeBody);
        String what = v.processName + " POST /api/functions/execute";
        if (v != PeerSpring.Variant.USER_TOKEN_STORE) {
            return Target.of(v.processName, req, probe(ctx.load(), req, what));
        }
        String stored;
        try {
            stored = seedPeerTokens(org, ctx.options().users());
        } catch (SQLException e) {
            return Target.of(v.processName, null, "seeding the peer's token store failed: " + e.getMessage());
        }
        return Target.of(v.processName, req, probeInjects(ctx.load(), req, what, ctx.upstream(), stored));
    }

    /**
     * Stores a token for each of {@code users} users of the organisation in the peer's
     * {@code oauth2_authorized_client} table (principal {@code org/user}), valid for an hour;
     * returns the one of {@link #USER}, the user every request names.
     */
    private String seedPeerTokens(String org, int users) throws SQLException {
        String userToken = null;
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try (Connection c = ctx.platform().stack.postgres().connect(PeerSpring.DATABASE);
             PreparedStatement insert = c.prepareStatement("""
                     insert into oauth2_authorized_client (client_registration_id, principal_name, access_token_type, access_token_value,
                       access_token_issued_at, access_token_expires_at, access_token_scopes, created_at)
                     values ('upstream', ?, 'Bearer', ?, ?, ?, 'read', ?)""")) {
            for (int i = 0; i < Math.max(users, 2); i++) {
                String user = "user-" + i;
                String token = "peer-store-" + user + "-" + UUID.randomUUID();
                if (user.equals(USER)) {
                    userToken = token;
                }
                insert.setString(1, org + "/" + user);
                insert.setBytes(2, token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                insert.setObject(3, now);
                insert.setObject(4, now.plusHours(1));
                insert.setObject(5, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return userToken;
    }

    private ChildJvm startBareProxy(String token) throws Exception {
        String upstream = ctx.upstream().url();
        java.net.URI u = java.net.URI.create(upstream);
        return ChildJvm.start(BARE_PROXY, List.of("-cp", System.getProperty("java.class.path"), BareProxy.class.getName(), "{port}",
                u.getHost(), String.valueOf(u.getPort()), token), "/ready", work.resolve("data/logs"));
    }

    static String peerRowId(PeerSpring.Variant v, int c) {
        return switch (v) {
            case SHIPPED -> "7-peer-c" + c;
            case VERIFIED_TOKEN_CACHE -> "7-peer-cached-c" + c;
            case USER_TOKEN_STORE -> "7-peer-store-c" + c;
        };
    }

    private static String peerFigure(PeerSpring.Variant v) {
        return switch (v) {
            case SHIPPED -> "injection: ours vs Spring peer as shipped (verifies every JWT)";
            case VERIFIED_TOKEN_CACHE -> "injection: ours vs Spring peer with a verified-token cache (like for like)";
            case USER_TOKEN_STORE -> "injection: ours vs Spring peer with per-user tokens from PostgreSQL (R2DBC) and the cache (same work)";
        };
    }

    private static void fillInject(Row row, int c, Target oursTarget, Measured ours, Target directTarget, Measured direct) {
        if (!oursTarget.usable() || !directTarget.usable()) {
            (oursTarget.usable() ? directTarget : oursTarget).whyNot().explain(row);
            return;
        }
        String unusable = InjectionBench.firstNonNull(ours.unusable("through the token-service"), direct.unusable("direct"));
        if (unusable != null) {
            row.unavailable(unusable);
            return;
        }
        put(row.values, "ours", ours);
        put(row.values, "direct", direct);
        double overhead = ours.p50Ms() - direct.p50Ms();
        row.values.put("p50OverheadMs", Report.round(overhead, 3)).put("p50Ratio", Report.round(ours.p50Ms() / direct.p50Ms(), 2))
                .put("p99Ratio", Report.round(ours.p99Ms() / direct.p99Ms(), 2)).put("injectedTokenIsTheUsers", true);
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

    /** Ours against another target: ratio of req/s, p50/p99 ratios, and ours' p50 over theirs. */
    private static void fillVersus(Row row, Target oursTarget, Measured ours, Target baseTarget, Measured base, String baseLabel,
                                   String ratioOf) {
        if (!oursTarget.usable() || !baseTarget.usable()) {
            (oursTarget.usable() ? baseTarget : oursTarget).whyNot().explain(row);
            return;
        }
        String unusable = firstNonNull(ours.unusable("through the token-service"), base.unusable("through " + baseTarget.name()));
        if (unusable != null) {
            row.unavailable(unusable);
            return;
        }
        put(row.values, "ours", ours);
        put(row.values, "base", base);
        double overhead = ours.p50Ms() - base.p50Ms();
        row.values.put("baseName", baseTarget.name()).put("p50Ratio", Report.round(ours.p50Ms() / base.p50Ms(), 2))
                .put("p99Ratio", Report.round(ours.p99Ms() / base.p99Ms(), 2)).put("p50OverheadMs", Report.round(overhead, 3));
        row.ours = summary(ours);
        row.baseline = baseLabel + ": " + summary(base);
        row.ratio = Report.round(ours.rps() / base.rps(), 2);
        row.ratioOf = String.format("%s (p50 %.2f×, p99 %.2f×, p50 %+.2f ms)", ratioOf, ours.p50Ms() / base.p50Ms(),
                ours.p99Ms() / base.p99Ms(), overhead);
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

    /** {@link #probe}, and the upstream must have received exactly {@code expectedToken} as the bearer token. */
    static String probeInjects(Load load, Load.Req req, String what, Upstream upstream, String expectedToken) {
        String problem = probe(load, req, what);
        if (problem != null) {
            return problem;
        }
        String seen = upstream.lastAuthorization();
        return ("Bearer " + expectedToken).equals(seen) ? null
                : what + ": the upstream received another Authorization than the user's token"
                + (seen == null ? " (none)" : " (" + seen.length() + " characters)");
    }

    static String summary(Measured r) {
        return Report.rps(r.rps()) + ", p50 " + Report.ms(r.p50Ms()) + ", p99 " + Report.ms(r.p99Ms());
    }

    static String summary(Load.Result r) {
        return Report.rps(r.rps()) + ", p50 " + Report.ms(r.p50Ms()) + ", p99 " + Report.ms(r.p99Ms());
    }

    static void put(JsonObject values, String prefix, Measured r) {
        values.put(prefix + "Rps", Report.round(r.rps(), 1)).put(prefix + "P50Ms", Report.round(r.p50Ms(), 3))
                .put(prefix + "P99Ms", Report.round(r.p99Ms(), 3)).put(prefix + "MaxMs", Report.round(r.maxMs(), 3))
                .put(prefix + "Requests", r.requests()).put(prefix + "Errors", r.errors())
                .put(prefix + "RpsOfEachRun", new JsonArray(new ArrayList<>(r.rpsOfEachRun())));
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
