package com.oauthconfig.token.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A real HTTP server playing a misbehaving identity provider's token endpoint: tests program
 * what it answers (5xx, no answer at all, tokens without refresh_token or expires_in, ID tokens
 * of another issuer…) and read how many requests arrived.
 */
public final class FakeProvider implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, String> lastForm = new ConcurrentHashMap<>();
    private volatile BiConsumer<HttpServerRequest, Map<String, String>> handler = (req, form) -> req.response().setStatusCode(500).end();

    public FakeProvider() {
        try {
            server = vertx.createHttpServer().requestHandler(req -> {
                if (req.method() == io.vertx.core.http.HttpMethod.POST) {
                    req.setExpectMultipart(true);
                }
                req.endHandler(v -> {
                requests.incrementAndGet();
                Map<String, String> form = new ConcurrentHashMap<>();
                req.formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
                lastForm.clear();
                lastForm.putAll(form);
                handler.accept(req, form);
                });
            }).listen(0, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake provider did not start", e);
        }
    }

    public String url(String path) {
        return "http://localhost:" + server.actualPort() + path;
    }

    public void answer(BiConsumer<HttpServerRequest, Map<String, String>> handler) {
        this.handler = handler;
    }

    public void answerJson(int status, JsonObject body) {
        answer((req, form) -> req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode()));
    }

    /** Never answers: the caller's timeout must fire. */
    public void hang() {
        answer((req, form) -> { });
    }

    public int requests() {
        return requests.get();
    }

    public Map<String, String> lastForm() {
        return Map.copyOf(lastForm);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
