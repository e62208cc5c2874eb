package com.oauthconfig.bench;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * (3) refresh single flight: a herd of concurrent requests for one user whose access token has
 * expired, then N users × 10 concurrent requests each; the figure is the number of calls the
 * provider's token endpoint received (goal: exactly one per user), counted by the rig's provider.
 */
final class SingleFlightBench {

    private static final String ISSUER = "bench-sf";
    private static final String TITLE = "bench.singleflight.token";

    private final Bench.Context ctx;

    SingleFlightBench(Bench.Context ctx) {
        this.ctx = ctx;
    }

    void run() {
        int herd = ctx.options().herd();
        int users = ctx.options().users();
        Row herdRow = ctx.report().row("3-singleflight-herd", herd + " concurrent requests, one expired token");
        Row usersRow = ctx.report().row("3-singleflight-users", users + " users × 10 concurrent requests, all expired");

        Platform p = ctx.platform();
        String org = Platform.newOrg();
        String configId = p.createConfig(org, TITLE, ISSUER);
        signInAll(p, org, configId, users);
        MultiMap headers = p.injectionHeaders(org, "user-0");
        String url = p.token() + "/api/tokens/resolve";
        String problem = InjectionBench.probe(ctx.load(), Load.Req.post(url, headers, Platform.resolveBody(org, "user-0", TITLE)),
                "POST /api/tokens/resolve");
        if (problem != null) {
            herdRow.unavailable(problem);
            usersRow.unavailable(problem);
            return;
        }

        List<Load.Req> herdRequests = new ArrayList<>();
        for (int i = 0; i < herd; i++) {
            herdRequests.add(Load.Req.post(url, headers, Platform.resolveBody(org, "user-0", TITLE)));
        }
        expire(p, org, "user-0");
        fill(herdRow, herdRequests, 1);

        List<MultiMap> userHeaders = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            userHeaders.add(p.injectionHeaders(org, "user-" + u));
        }
        List<Load.Req> spread = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (int u = 0; u < users; u++) {
                spread.add(Load.Req.post(url, userHeaders.get(u), Platform.resolveBody(org, "user-" + u, TITLE)));
            }
        }
        expire(p, org, null);
        fill(usersRow, spread, users);
    }

    private void fill(Row row, List<Load.Req> requests, int expectedCalls) {
        int before = ctx.platform().stack.oidc().requestCount(ISSUER, "token");
        Load.Result r = ctx.load().burst(requests, s -> s == 200);
        int calls = ctx.platform().stack.oidc().requestCount(ISSUER, "token") - before;
        InjectionBench.put(row.values, "wait", r);
        row.values.put("providerTokenCalls", calls).put("expectedCalls", expectedCalls).put("requests", requests.size())
                .put("answered200", r.requests());
        row.ours = String.format("%d provider call(s); %d/%d answered 200; wait p50 %s, p99 %s", calls, r.requests(), requests.size(),
                Report.ms(r.p50Ms()), Report.ms(r.p99Ms()));
        row.baseline = "expected " + expectedCalls + " call(s)";
        row.ratio = Report.round((double) calls / expectedCalls, 2);
        row.ratioOf = "calls/users";
        row.goal = "exactly 1 provider call per user";
        row.deterministic = true;
        row.pass = calls == expectedCalls && r.errors() == 0;
        if (r.errors() > 0) {
            row.values.put("firstError", r.firstError());
        }
    }

    /** Access tokens past their expiry, so the next hand-out must refresh (the store has no other cache). */
    private static void expire(Platform p, String org, String user) {
        if (user == null) {
            p.update(Platform.TOKEN_DB, "update user_token set access_expires_at = now() - interval '1 second' where org_id = ?", org);
        } else {
            p.update(Platform.TOKEN_DB, "update user_token set access_expires_at = now() - interval '1 second' where org_id = ? and user_id = ?",
                    org, user);
        }
    }

    private static void signInAll(Platform p, String org, String configId, int users) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String user = "user-" + u;
                done.add(pool.submit(() -> p.signIn(org, configId, user)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("signing in the users failed: " + (e.getCause() != null ? e.getCause().getMessage() : e), e);
        } finally {
            pool.shutdownNow();
        }
    }
}
