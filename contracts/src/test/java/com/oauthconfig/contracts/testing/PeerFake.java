package com.oauthconfig.contracts.testing;

import com.oauthconfig.contracts.ContractSchema;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import org.awaitility.Awaitility;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * What the peer fakes share: a real Vert.x HTTP server on a loopback port, the caller's bearer
 * claims (read, not verified: the real services verify, the fakes only look at roles and subject),
 * and answers that are contract records serialised and checked against their schema.
 */
final class PeerFake {

    private final String name;
    private Vertx vertx;
    private HttpServer server;
    private int port;

    PeerFake(String name) {
        this.name = name;
    }

    /** Starts (or restarts on the same port) and returns the base URL. */
    synchronized String start(Handler<HttpServerRequest> handler) {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        if (server == null) {
            if (port == 0) {
                port = freePort();
            } else {
                // Whoever used the port meanwhile (Pact's mock provider) may still be letting it go.
                awaitPortFree();
            }
            server = await(vertx.createHttpServer().requestHandler(handler).listen(port, "localhost"));
        }
        return "http://localhost:" + port;
    }

    /** Closes the port: calls fail with "connection refused" until {@link #start} again. */
    synchronized void stopListening() {
        if (server != null) {
            await(server.close());
            server = null;
            awaitPortFree();
        }
    }

    /** Waits (boundedly) until no listener holds the port: a closed listener is released asynchronously. */
    void awaitPortFree() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress("localhost", port));
                return true;
            } catch (java.io.IOException inUse) {
                return false;
            }
        });
    }

    synchronized void close() {
        stopListening();
        if (vertx != null) {
            await(vertx.close());
            vertx = null;
        }
    }

    /** The payload claims of the bearer token, or null without one. */
    static JsonObject claims(HttpServerRequest req) {
        String authorization = req.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean isService(JsonObject claims) {
        return claims != null && claims.getJsonArray("roles", new JsonArray()).contains("SERVICE");
    }

    /** Answers 200 with the record's JSON, which must satisfy its contract's schema. */
    static void answer(HttpServerRequest req, ContractSchema contract, Record body) {
        String json;
        try {
            json = ContractJson.write(contract, body);
        } catch (AssertionError e) {
            // A fake that drifts from the contract must fail the test, not pass it on.
            req.response().setStatusCode(500).putHeader("Content-Type", "text/plain").end("fake broke the contract: " + e.getMessage());
            throw e;
        }
        req.response().putHeader("Content-Type", "application/json").end(json);
    }

    static void problem(HttpServerRequest req, int status, String detail) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("type", "about:blank").put("status", status).put("detail", detail).encode());
    }

    private <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake " + name + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
