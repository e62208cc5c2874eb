package com.oauthconfig.token.support;

import com.oauthconfig.rig.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server speaking the config-service's internal-read contract
 * ({@code GET /internal/orgs/{orgId}/oauth-configs/{id}}, {@code ...?title=} and
 * {@code .../{id}/retired/{version}}), serving the configs tests register. Like the real service it
 * refuses callers whose bearer token lacks the SERVICE role, and keeps what a config was before each
 * re-registration or removal as retired by the next version (until {@link #shredRetired}).
 */
public class FakeConfigService implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, JsonObject> CONFIGS = new ConcurrentHashMap<>();
    private static final Map<String, JsonObject> RETIRED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> READS = new ConcurrentHashMap<>();
    private static final Map<String, Integer> FAILURES = new ConcurrentHashMap<>();
    private static final AtomicInteger TITLE_READS = new AtomicInteger();
    private static final AtomicInteger SSO_QUESTIONS = new AtomicInteger();
    private static volatile String lastSubject;
    private static Vertx vertx;
    private static HttpServer server;

    /** Registers (or replaces) a config; its JSON must carry "id" and "orgId". */
    public static void put(JsonObject config) {
        JsonObject previous = CONFIGS.put(config.getString("orgId") + "/" + config.getString("id"), config.copy());
        if (previous != null && previous.getLong("version") < config.getLong("version")) {
            retire(previous, config.getLong("version"));
        }
    }

    /** Removes the config; what it was stays readable as retired by the next version (the removal's). */
    public static void remove(String orgId, String id) {
        JsonObject previous = CONFIGS.remove(orgId + "/" + id);
        if (previous != null) {
            retire(previous, previous.getLong("version") + 1);
        }
    }

    private static void retire(JsonObject config, long byVersion) {
        RETIRED.put(config.getString("orgId") + "/" + config.getString("id") + "/" + byVersion, config);
    }

    /** The grace window of this config's retired copies ends: they answer 404 from now on. */
    public static void shredRetired(String id) {
        RETIRED.keySet().removeIf(k -> k.split("/")[1].equals(id));
    }

    /** Makes reads of this config id answer {@code status} (e.g. 503) until cleared with 0. */
    public static void failWith(String id, int status) {
        if (status == 0) {
            FAILURES.remove(id);
        } else {
            FAILURES.put(id, status);
        }
    }

    public static int reads(String id) {
        AtomicInteger n = READS.get(id);
        return n == null ? 0 : n.get();
    }

    /** Reads by title so far (all titles). */
    public static int titleReads() {
        return TITLE_READS.get();
    }

    /** The subject of the last accepted bearer token. */
    public static String lastSubject() {
        return lastSubject;
    }

    @Override
    public Map<String, String> start() {
        int port = FreePorts.pick();
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer().requestHandler(req -> {
                String[] p = req.path().split("/");
                if (p.length == 6 && "sso".equals(p[4]) && "admissions".equals(p[5]) && "POST".equals(req.method().name())) {
                    req.body().onSuccess(body -> ssoAdmission(req, p[3], body.toJsonObject()));
                    return;
                }
                // /internal/orgs/{org}/oauth-configs/{id} and /internal/orgs/{org}/oauth-configs?title=
                boolean byTitle = p.length == 5 && req.getParam("title") != null;
                boolean retired = p.length == 8 && "retired".equals(p[6]);
                if ((p.length != 6 && !byTitle && !retired) || !"internal".equals(p[1]) || !"oauth-configs".equals(p[4])) {
                    req.response().setStatusCode(404).end();
                    return;
                }
                if (byTitle) {
                    TITLE_READS.incrementAndGet();
                }
                READS.computeIfAbsent(byTitle ? "title:" + req.getParam("title") : p[5], k -> new AtomicInteger()).incrementAndGet();
                JsonObject claims = claims(req.getHeader("Authorization"));
                if (claims == null) {
                    req.response().setStatusCode(401).end();
                    return;
                }
                if (!claims.getJsonArray("roles", new io.vertx.core.json.JsonArray()).contains("SERVICE")) {
                    req.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
                            .end("{\"status\":403}");
                    return;
                }
                lastSubject = claims.getString("sub");
                if (retired) {
                    JsonObject before = RETIRED.get(p[3] + "/" + p[5] + "/" + p[7]);
                    req.response().setStatusCode(before == null ? 404 : 200).putHeader("Content-Type", "application/json")
                            .end(before == null ? "{\"status\":404}" : before.encode());
                    return;
                }
                if (byTitle) {
                    String title = req.getParam("title");
                    JsonObject found = CONFIGS.values().stream()
                            .filter(c -> p[3].equals(c.getString("orgId")) && title.equals(c.getString("title")))
                            .findFirst().orElse(null);
                    if (found == null) {
                        req.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                                .end("{\"status\":404,\"title\":\"Not found\"}");
                    } else {
                        Integer failure = FAILURES.get(found.getString("id"));
                        req.response().setStatusCode(failure == null ? 200 : failure).putHeader("Content-Type", "application/json")
                                .end(failure == null ? found.encode() : "{}");
                    }
                    return;
                }
                Integer failure = FAILURES.get(p[5]);
                if (failure != null) {
                    req.response().setStatusCode(failure).end();
                    return;
                }
                JsonObject config = CONFIGS.get(p[3] + "/" + p[5]);
                if (config == null) {
                    req.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                            .end("{\"status\":404,\"title\":\"Not found\"}");
                    return;
                }
                req.response().putHeader("Content-Type", "application/json").end(config.encode());
            }).listen(port, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake config-service did not start", e);
        }
        return Map.of("quarkus.rest-client.config-service.url", "http://localhost:" + port);
    }

    /**
     * {@code POST /internal/orgs/{org}/sso/admissions}: a stand-in for the config-service's domain rule
     * (which its own tests hold), enough for the token-service's side: an SSO-enabled config admits
     * an e-mail whose domain is one of its {@code domains} entries exactly, or any with {@code *}.
     */
    private static void ssoAdmission(io.vertx.core.http.HttpServerRequest req, String orgId, JsonObject question) {
        JsonObject claims = claims(req.getHeader("Authorization"));
        if (claims == null || !claims.getJsonArray("roles", new io.vertx.core.json.JsonArray()).contains("SERVICE")) {
            req.response().setStatusCode(claims == null ? 401 : 403).end();
            return;
        }
        SSO_QUESTIONS.incrementAndGet();
        JsonObject config = CONFIGS.get(orgId + "/" + question.getString("configId"));
        if (config == null) {
            req.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json").end("{\"status\":404}");
            return;
        }
        String email = question.getString("email", "");
        String domain = email.substring(email.indexOf('@') + 1);
        boolean sso = config.getBoolean("ssoEnabled", false);
        io.vertx.core.json.JsonArray domains = config.getJsonArray("domains", new io.vertx.core.json.JsonArray());
        boolean admitted = sso && (domains.contains(domain) || domains.contains("*"));
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("orgId", orgId)
                .put("configId", config.getString("id")).put("version", config.getLong("version")).put("admitted", admitted)
                .put("decision", admitted ? "ADMITTED" : sso ? "DOMAIN_NOT_ALLOWED" : "SSO_DISABLED")
                .put("match", admitted ? (domains.contains(domain) ? "EXACT" : "ANY") : "NONE").encode());
    }

    /** SSO admission questions answered so far. */
    public static int ssoQuestions() {
        return SSO_QUESTIONS.get();
    }

    /** Payload claims of a bearer JWT; the real service verifies signatures, this fake only reads roles. */
    private static JsonObject claims(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
