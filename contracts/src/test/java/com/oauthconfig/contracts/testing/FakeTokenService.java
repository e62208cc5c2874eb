package com.oauthconfig.contracts.testing;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.token.DirectUses;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one stand-in for the token-service in other services' tests: a real HTTP server answering the
 * usage read the config-service's removal check makes ({@code GET /internal/orgs/{orgId}/oauth-configs/{configId}/usage?since=})
 * with the contract record checked against its schema. Tests say per config which solutions used it
 * and when, or make it silent (accepts, never answers); every other config has no uses.
 */
public class FakeTokenService implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "quarkus.rest-client.token-service.url";

    private static final PeerFake SERVER = new PeerFake("token-service");
    private static final Map<String, List<DirectUses.Use>> USES = new ConcurrentHashMap<>();
    private static final Set<String> SILENT = ConcurrentHashMap.newKeySet();
    private static final List<JsonObject> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        return Map.of(URL_PROPERTY, SERVER.start(FakeTokenService::handle));
    }

    /**
     * Runs {@code r} with this fake's port free (for Pact's mock provider of the config-service's
     * consumer pact test), and listens again (same port) afterwards.
     */
    public static void whileStopped(Runnable r) {
        SERVER.stopListening();
        try {
            r.run();
        } finally {
            SERVER.start(FakeTokenService::handle);
        }
    }

    @Override
    public void stop() {
        SERVER.close();
    }

    /** A solution (null: none named) used the config directly, {@code count} times, last at {@code lastUsedAt}. */
    public static void used(UUID configId, String solutionId, Instant lastUsedAt, long count) {
        USES.computeIfAbsent(configId.toString(), k -> new CopyOnWriteArrayList<>()).add(new DirectUses.Use(solutionId, lastUsedAt, count));
    }

    /** Calls about this config are accepted but never answered. */
    public static void silentFor(UUID configId) {
        SILENT.add(configId.toString());
    }

    /** The calls received about a config: the bearer claims plus {@code since} as asked. */
    public static List<JsonObject> callsFor(UUID configId) {
        return CALLS.stream().filter(c -> configId.toString().equals(c.getString("configId"))).toList();
    }

    private static void handle(HttpServerRequest req) {
        String[] p = req.path().split("/");
        // /internal/orgs/{orgId}/oauth-configs/{configId}/usage
        if (!"GET".equals(req.method().name()) || p.length != 7 || !"internal".equals(p[1]) || !"orgs".equals(p[2])
                || !"oauth-configs".equals(p[4]) || !"usage".equals(p[6])) {
            PeerFake.problem(req, 404, "no such route");
            return;
        }
        JsonObject claims = PeerFake.claims(req);
        if (claims == null) {
            PeerFake.problem(req, 401, "a bearer token is required");
            return;
        }
        String configId = p[5];
        CALLS.add(claims.copy().put("configId", configId).put("since", req.getParam("since")));
        if (SILENT.contains(configId)) {
            return;
        }
        if (!PeerFake.isService(claims)) {
            PeerFake.problem(req, 403, "this endpoint is for platform services only");
            return;
        }
        Instant since = Instant.parse(req.getParam("since"));
        PeerFake.answer(req, ContractSchema.CONFIG_DIRECT_USES, new DirectUses(p[3], UUID.fromString(configId), since,
                USES.getOrDefault(configId, List.of()).stream().filter(u -> !u.lastUsedAt().isBefore(since)).toList()));
    }
}
