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
 * A real HTTP server speaking the token-service's usage read
 * ({@code GET /internal/orgs/{orgId}/oauth-configs/{configId}/usage?since=}), so the removal check's
 * REST client, token and budget run for real. Tests say per config which solutions used it and when,
 * or that it never answers; every other config answers "no uses".
 */
public final class TokenServiceStub {

    private static final Pattern PATH = Pattern.compile("/internal/orgs/([^/]+)/oauth-configs/([^/]+)/usage");

    private static final Map<String, List<JsonObject>> USES = new ConcurrentHashMap<>();
    private static final Set<String> SILENT = ConcurrentHashMap.newKeySet();
    private static final List<JsonObject> CALLS = new CopyOnWriteArrayList<>();

    private static Vertx vertx;
    private static HttpServer server;
    private static int port;

    private TokenServiceStub() {
    }

    public static synchronized String start() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        if (server == null) {
            server = await(vertx.createHttpServer().requestHandler(TokenServiceStub::handle).listen(port));
            port = server.actualPort();
        }
        return "http://localhost:" + port;
    }

    public static synchronized void stop() {
        if (server != null) {
            await(server.close());
            server = null;
        }
    }

    /** A solution (null: none named) used the config directly, last at {@code lastUsedAt} (ISO instant). */
    public static void used(String configId, String solutionId, String lastUsedAt, long count) {
        USES.computeIfAbsent(configId, k -> new CopyOnWriteArrayList<>()).add(new JsonObject()
                .put("solutionId", solutionId).put("lastUsedAt", lastUsedAt).put("useCount", count));
    }

    /** The stub will accept but never answer calls about this config. */
    public static void silentFor(String configId) {
        SILENT.add(configId);
    }

    /** The calls received about a config: the token's claims plus {@code since}. */
    public static List<JsonObject> callsFor(String configId) {
        return CALLS.stream().filter(c -> configId.equals(c.getString("configId"))).toList();
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
        CALLS.add(claimsOf(auth.substring(7)).put("configId", configId).put("since", req.getParam("since")));
        if (SILENT.contains(configId)) {
            return;
        }
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("orgId", m.group(1)).put("configId", configId).put("since", req.getParam("since"))
                .put("items", new JsonArray(List.copyOf(USES.getOrDefault(configId, List.of())))).encode());
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
            throw new IllegalStateException("token-service stub: " + e.getMessage(), e);
        }
    }
}
