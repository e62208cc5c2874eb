package com.oauthconfig.token.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real HTTP server playing the API a REST function calls: records every request it receives
 * (method, URI, headers, body) and answers as the test programs it.
 */
public final class Upstream implements AutoCloseable {

    /** One received request. */
    public record Received(String method, String uri, MultiMap headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Consumer<HttpServerRequest> handler = req -> req.response().end("ok");

    public Upstream() {
        this("localhost");
    }

    /** Listening on {@code bindHost}: {@code 0.0.0.0} also answers on the machine's own name. */
    public Upstream(String bindHost) {
        try {
            // Roomier than Vert.x's defaults (4 KiB request line, 8 KiB headers), like a typical API gateway, so a call
            // within the token-service's own 8 KiB bounds reaches the handler and is recorded.
            server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setMaxInitialLineLength(16_384)
                    .setMaxHeaderSize(32_768)).requestHandler(req -> req.body().onSuccess(body -> {
                received.add(new Received(req.method().name(), req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
                        body == null ? "" : body.toString()));
                handler.accept(req);
            })).listen(0, bindHost).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("upstream did not start", e);
        }
    }

    public String url(String path) {
        return "http://localhost:" + server.actualPort() + path;
    }

    public int port() {
        return server.actualPort();
    }

    public void answer(Consumer<HttpServerRequest> handler) {
        this.handler = handler;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("the upstream received no request");
        }
        return received.get(received.size() - 1);
    }

    public Vertx vertx() {
        return vertx;
    }

    public static Buffer bytes(int n, byte seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 31);
        }
        return Buffer.buffer(b);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
