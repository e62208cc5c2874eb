package com.oauthconfig.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The third-party API of the benchmark: a Vert.x server on 127.0.0.1 answering a small fixed JSON
 * body, and 401 when the request carries no bearer token (so an injection that silently drops the
 * token shows up as errors, not as fast answers).
 */
final class Upstream implements AutoCloseable {

    static final String PATH = "/v1/items";
    private static final Buffer BODY = Buffer.buffer("{\"items\":[{\"id\":1,\"name\":\"alpha\"},{\"id\":2,\"name\":\"beta\"}],\"total\":2}");

    private final HttpServer server;
    private final AtomicLong counter;
    private final AtomicReference<String> lastAuthorization;

    private Upstream(HttpServer server, AtomicLong counter, AtomicReference<String> lastAuthorization) {
        this.server = server;
        this.counter = counter;
        this.lastAuthorization = lastAuthorization;
    }

    static Upstream start(Vertx vertx) {
        AtomicLong counter = new AtomicLong();
        AtomicReference<String> lastAuthorization = new AtomicReference<>();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> {
                    String auth = req.getHeader("Authorization");
                    if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 20) {
                        req.response().setStatusCode(401).end("{\"error\":\"no bearer token\"}");
                        return;
                    }
                    counter.incrementAndGet();
                    lastAuthorization.set(auth);
                    req.response().putHeader("Content-Type", "application/json").end(BODY);
                });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("upstream did not start", e);
        }
        return new Upstream(server, counter, lastAuthorization);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + PATH;
    }

    /** Requests that arrived with a bearer token. */
    long served() {
        return counter.get();
    }

    /** The Authorization header of the last request served (probes check which token was injected). */
    String lastAuthorization() {
        return lastAuthorization.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
