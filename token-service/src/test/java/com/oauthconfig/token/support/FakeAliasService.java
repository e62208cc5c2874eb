package com.oauthconfig.token.support;

import com.oauthconfig.rig.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server speaking the credential-alias-service's resolution contract
 * ({@code GET /internal/orgs/{orgId}/solutions/{solutionId}/credentials/resolve?name=} →
 * {@code {credentialId, oauthConfigId, status, reason}} or 404) and its required-credentials read
 * ({@code GET /internal/orgs/{orgId}/solutions/{solutionId}/required-credentials} →
 * {@code {aliases:[{name, oauthConfigId, status}], titles}}), SERVICE role only like the real one.
 */
public class FakeAliasService implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, JsonObject> ALIASES = new ConcurrentHashMap<>();
    private static final Map<String, JsonArray> DECLARED = new ConcurrentHashMap<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static volatile int failWith;
    private static Vertx vertx;

    /** Registers an alias {@code name} of a solution pointing at {@code configId}; status OK or BROKEN. */
    public static void put(String orgId, String solutionId, String name, String configId, String status, String reason) {
        ALIASES.put(orgId + "/" + solutionId + "/" + name, new JsonObject()
                .put("credentialId", java.util.UUID.randomUUID().toString())
                .put("oauthConfigId", configId).put("status", status).put("reason", reason));
    }

    /** The config titles an ADMIN declared for the solution (replaces earlier ones). */
    public static void declare(String orgId, String solutionId, String... titles) {
        DECLARED.put(orgId + "/" + solutionId, new JsonArray(java.util.List.of(titles)));
    }

    private static JsonObject required(String orgId, String solutionId) {
        String prefix = orgId + "/" + solutionId + "/";
        JsonArray aliases = new JsonArray();
        ALIASES.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).sorted(Map.Entry.comparingByKey())
                .forEach(e -> aliases.add(new JsonObject().put("name", e.getKey().substring(prefix.length()))
                        .put("oauthConfigId", e.getValue().getString("oauthConfigId")).put("status", e.getValue().getString("status"))));
        return new JsonObject().put("aliases", aliases).put("titles", DECLARED.getOrDefault(orgId + "/" + solutionId, new JsonArray()));
    }

    /** Every request answers {@code status} (e.g. 503) until cleared with 0. */
    public static void failWith(int status) {
        failWith = status;
    }

    public static int requests() {
        return REQUESTS.get();
    }

    @Override
    public Map<String, String> start() {
        int port = FreePorts.pick();
        vertx = Vertx.vertx();
        try {
            vertx.createHttpServer().requestHandler(req -> {
                REQUESTS.incrementAndGet();
                String[] p = req.path().split("/");
                // /internal/orgs/{org}/solutions/{solution}/credentials/resolve or …/{solution}/required-credentials
                boolean requiredRead = p.length == 7 && "solutions".equals(p[4]) && "required-credentials".equals(p[6]);
                if (!requiredRead && (p.length != 8 || !"solutions".equals(p[4]) || !"resolve".equals(p[7]) || req.getParam("name") == null)) {
                    req.response().setStatusCode(404).end();
                    return;
                }
                JsonObject claims = claims(req.getHeader("Authorization"));
                if (claims == null) {
                    req.response().setStatusCode(401).end();
                    return;
                }
                if (!claims.getJsonArray("roles", new JsonArray()).contains("SERVICE")) {
                    req.response().setStatusCode(403).end();
                    return;
                }
                if (failWith != 0) {
                    req.response().setStatusCode(failWith).end();
                    return;
                }
                if (requiredRead) {
                    req.response().putHeader("Content-Type", "application/json").end(required(p[3], p[5]).encode());
                    return;
                }
                JsonObject alias = ALIASES.get(p[3] + "/" + p[5] + "/" + req.getParam("name"));
                if (alias == null) {
                    req.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json").end("{\"status\":404}");
                    return;
                }
                req.response().putHeader("Content-Type", "application/json").end(alias.encode());
            }).listen(port, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake credential-alias-service did not start", e);
        }
        return Map.of("quarkus.rest-client.credential-alias-service.url", "http://localhost:" + port);
    }

    private static JsonObject claims(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        return parts.length != 3 ? null
                : new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
