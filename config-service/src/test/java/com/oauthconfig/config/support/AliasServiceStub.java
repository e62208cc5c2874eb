package com.oauthconfig.config.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server speaking the credential-alias-service's references contract
 * ({@code GET /api/orgs/{orgId}/oauth-configs/{configId}/references}), so the config-service's
 * REST client, token handling, timeouts and retries run for real. Tests say per config what it
 * answers: references, silence (never answers) or nothing at all (server stopped).
 */
public final class AliasServiceStub {

    private static final Pattern PATH = Pattern.compile("/api/orgs/([^/]+)/oauth-configs/([^/]+)/references");

    private static final Map<String, List<JsonObject>> REFERENCES = new ConcurrentHashMap<>();
    private static final Set<String> SILENT = ConcurrentHashMap.newKeySet();
    private static final List<JsonObject> CALLERS = new CopyOnWriteArrayList<>();

    private static Vertx vertx;
    private static HttpServer server;
    private static int port;

    private AliasServiceStub() {
    }

    public static synchronized String start() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        if (server == null) {
            server = await(vertx.createHttpServer().requestHandler(AliasServiceStub::handle).listen(port));
            port = server.actualPort();
        }
        return "http://localhost:" + port;
    }

    /** Closes the port: calls now fail with "connection refused". */
    public static synchronized void stop() {
        if (server != null) {
            await(server.close());
            server = null;
        }
    }

    public static void reference(String configId, String solutionId, String credentialId, String name) {
        REFERENCES.computeIfAbsent(configId, k -> new CopyOnWriteArrayList<>()).add(new JsonObject()
                .put("solutionId", solutionId).put("credentialId", credentialId).put("name", name).put("status", "OK"));
    }

    /** The stub will accept but never answer calls about this config. */
    public static void silentFor(String configId) {
        SILENT.add(configId);
    }

    /** The decoded token payloads of the calls received about a config. */
    public static List<JsonObject> callersFor(String configId) {
        return CALLERS.stream().filter(c -> configId.equals(c.getString("configId"))).toList();
    }

    private static void handle(HttpServerRequest req) {
        Matcher m = PATH.matcher(req.path());
        if (!m.matches() || !"GET".equals(req.method().name())) {
            req.response().setStatusCode(404).end();
            return;
        }
        String auth = req.getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            req.response().setStatusCode(401).end();
            return;
        }
        String configId = m.group(2);
        JsonObject claims = claimsOf(auth.substring(7));
        CALLERS.add(claims.copy().put("configId", configId));
        if (SILENT.contains(configId)) {
            return;
        }
        List<JsonObject> refs = REFERENCES.getOrDefault(configId, List.of());
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("items", new JsonArray(List.copyOf(refs)))
                .put("page", 0).put("size", 100).put("total", refs.size()).encode());
    }

    private static JsonObject claimsOf(String jwt) {
        String[] parts = jwt.split("\\.");
        return parts.length < 2 ? new JsonObject()
                : new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("alias stub: " + e.getMessage(), e);
        }
    }
}
