package com.oauthconfig.alias.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server speaking the config-service's internal read contract
 * ({@code GET /internal/orgs/{orgId}/oauth-configs/{id}}, service role only, 404 problem+json when
 * absent or of another organisation) and its existence question
 * ({@code POST /internal/orgs/{orgId}/oauth-configs/existence}: existing, removed — registered once,
 * forgotten since — or unknown). Tests register configurations over HTTP
 * ({@code PUT /__admin/orgs/{org}/oauth-configs/{id}}), can make one organisation's requests
 * fail at the connection level ({@code PUT|DELETE /__admin/orgs/{org}/unreachable}) or be answered
 * like a misrouted URL would be, a bare 404 to everything ({@code PUT|DELETE /__admin/orgs/{org}/misrouted}),
 * so the state is shared however the test and the application are class-loaded.
 */
public class FakeConfigService implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "quarkus.rest-client.config-service.url";

    private final Map<String, JsonObject> configs = new ConcurrentHashMap<>();
    private final Map<String, String> everRegistered = new ConcurrentHashMap<>();
    private final Set<String> unreachableOrgs = ConcurrentHashMap.newKeySet();
    private final Set<String> misroutedOrgs = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> reads = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "localhost")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake config-service did not start", e);
        }
        return Map.of(URL_PROPERTY, "http://localhost:" + server.actualPort());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private void handle(HttpServerRequest req) {
        String[] p = req.path().split("/");
        // /__admin/orgs/{org}/oauth-configs/{id}  and  /__admin/orgs/{org}/unreachable
        if (p.length >= 5 && p[1].equals("__admin") && p[2].equals("orgs")) {
            String org = p[3];
            if (p.length == 5 && p[4].equals("unreachable")) {
                if (req.method().name().equals("DELETE")) {
                    unreachableOrgs.remove(org);
                } else {
                    unreachableOrgs.add(org);
                }
                req.response().setStatusCode(204).end();
                return;
            }
            if (p.length == 5 && p[4].equals("misrouted")) {
                if (req.method().name().equals("DELETE")) {
                    misroutedOrgs.remove(org);
                } else {
                    misroutedOrgs.add(org);
                }
                req.response().setStatusCode(204).end();
                return;
            }
            if (p.length == 6 && p[4].equals("oauth-configs") && p[5].equals("reads")) {
                req.response().putHeader("content-type", "text/plain").end(String.valueOf(reads.getOrDefault(org, 0)));
                return;
            }
            if (p.length == 6 && p[4].equals("oauth-configs") && p[5].equals("attempts")) {
                req.response().putHeader("content-type", "text/plain").end(String.valueOf(attempts.getOrDefault(org, 0)));
                return;
            }
            if (p.length == 6 && p[4].equals("oauth-configs")) {
                String id = p[5];
                if (req.method().name().equals("DELETE")) {
                    configs.remove(id);
                    req.response().setStatusCode(204).end();
                    return;
                }
                req.body().onSuccess(body -> {
                    JsonObject extra = body.length() == 0 ? new JsonObject() : body.toJsonObject();
                    configs.put(id, record(org, id, extra));
                    everRegistered.put(id, org);
                    req.response().setStatusCode(204).end();
                });
                return;
            }
        }
        if (p.length >= 4 && misroutedOrgs.contains(p[3])) {
            attempts.merge(p[3], 1, Integer::sum);
            req.response().setStatusCode(404).putHeader("content-type", "text/html").end("<h1>Not Found</h1>");
            return;
        }
        // /internal/orgs/{org}/oauth-configs/existence
        if (p.length == 6 && p[1].equals("internal") && p[2].equals("orgs") && p[4].equals("oauth-configs")
                && p[5].equals("existence") && req.method().name().equals("POST")) {
            String org = p[3];
            if (refused(req, org)) {
                return;
            }
            req.body().onSuccess(body -> {
                JsonArray existing = new JsonArray();
                JsonArray removed = new JsonArray();
                JsonArray unknown = new JsonArray();
                for (Object id : body.toJsonObject().getJsonArray("ids")) {
                    JsonObject config = configs.get((String) id);
                    if (config != null && org.equals(config.getString("orgId"))) {
                        existing.add(id);
                    } else if (org.equals(everRegistered.get((String) id))) {
                        removed.add(id);
                    } else {
                        unknown.add(id);
                    }
                }
                req.response().putHeader("content-type", "application/json").end(new JsonObject().put("orgId", org)
                        .put("existing", existing).put("removed", removed).put("unknown", unknown).encode());
            });
            return;
        }
        // /internal/orgs/{org}/oauth-configs/{id}
        if (p.length == 6 && p[1].equals("internal") && p[2].equals("orgs") && p[4].equals("oauth-configs")
                && req.method().name().equals("GET")) {
            String org = p[3];
            if (refused(req, org)) {
                return;
            }
            reads.merge(org, 1, Integer::sum);
            JsonObject config = configs.get(p[5]);
            if (config == null || !org.equals(config.getString("orgId"))) {
                problem(req, 404, "not-found", "oauth configuration not found");
                return;
            }
            req.response().putHeader("content-type", "application/json").end(config.encode());
            return;
        }
        problem(req, 404, "not-found", "no such route");
    }

    /** Counts the attempt; drops the connection of an unreachable organisation, 403 without a service token. */
    private boolean refused(HttpServerRequest req, String org) {
        attempts.merge(org, 1, Integer::sum);
        if (unreachableOrgs.contains(org)) {
            req.connection().close();
            return true;
        }
        if (!hasServiceRole(req.getHeader("Authorization"))) {
            problem(req, 403, "forbidden", "this endpoint is for platform services only");
            return true;
        }
        return false;
    }

    /** The record exactly as the contract shapes it, secret included, so the client must ignore what it does not need. */
    private static JsonObject record(String org, String id, JsonObject extra) {
        JsonObject r = new JsonObject()
                .put("id", id).put("orgId", org).put("version", 1).put("name", "okta-" + id.substring(0, 8))
                .put("title", "Okta " + id.substring(0, 8)).put("type", "OKTA").put("clientId", "client-" + id.substring(0, 8))
                .put("clientSecret", "fake-secret-never-stored").put("issuer", "https://example.okta.com")
                .put("endpoints", new JsonObject().put("authorization", "https://example.okta.com/authorize")
                        .put("token", "https://example.okta.com/token").putNull("userinfo").putNull("jwks")
                        .putNull("revocation").putNull("endSession"))
                .put("usePkce", true).put("useNonce", true).put("scopes", new JsonArray().add("openid"))
                .put("redirectUrls", new JsonArray()).putNull("loginHint").put("apiHosts", new JsonArray())
                .putNull("audience").putNull("tenantId").put("ssoEnabled", false);
        extra.forEach(e -> r.put(e.getKey(), e.getValue()));
        return r;
    }

    private static boolean hasServiceRole(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length != 3) {
            return false;
        }
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        JsonArray roles = claims.getJsonArray("roles", new JsonArray());
        return roles.contains("SERVICE") && "credential-alias-service".equals(claims.getString("sub"));
    }

    private static void problem(HttpServerRequest req, int status, String slug, String detail) {
        req.response().setStatusCode(status).putHeader("content-type", "application/problem+json")
                .end(new JsonObject().put("type", "urn:oauth-platform:problem:" + slug).put("status", status)
                        .put("detail", detail).encode());
    }
}
