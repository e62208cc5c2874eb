package com.oauthconfig.token.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final List<Long> receivedAt = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<HttpServerRequest, Map<String, String>> handler = (req, form) -> req.response().setStatusCode(500).end();

    public FakeProvider() {
        this("localhost");
    }

    /** Listening on {@code bindHost}: {@code 0.0.0.0} also answers on the machine's own name. */
    public FakeProvider(String bindHost) {
        try {
            server = vertx.createHttpServer().requestHandler(req -> {
                if (req.method() == io.vertx.core.http.HttpMethod.POST) {
                    req.setExpectMultipart(true);
                }
                req.endHandler(v -> {
                long at = System.nanoTime();
                receivedAt.add(at);
                requests.incrementAndGet();
                Map<String, String> form = new ConcurrentHashMap<>();
                req.formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
                lastForm.clear();
                lastForm.putAll(form);
                forms.add(Map.copyOf(form));
                Map<String, String> headers = new java.util.HashMap<>();
                req.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
                received.add(new Received(at, req.path(), Map.copyOf(headers), Map.copyOf(form)));
                handler.accept(req, form);
                });
            }).listen(0, bindHost).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake provider did not start", e);
        }
    }

    public int port() {
        return server.actualPort();
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

    /** Answers with exactly this status, content type and body. */
    public void answerRaw(int status, String contentType, String body) {
        answer((req, form) -> req.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body));
    }

    /** Sends the status line and a first chunk at once, then one byte every 200 ms for 10 s: never idle, never done. */
    public void dribble() {
        answer((req, form) -> {
            var response = req.response().setChunked(true).putHeader("Content-Type", "application/json");
            response.write("{\"access_token\":\"");
            long timer = vertx.setPeriodic(200, id -> {
                if (!response.ended() && !response.closed()) {
                    response.write("a");
                }
            });
            vertx.setTimer(10_000, id -> {
                vertx.cancelTimer(timer);
                if (!response.ended() && !response.closed()) {
                    response.end("\"}");
                }
            });
        });
    }

    /** A 200 whose body is {@code bytes} long (a JSON string of that size): more than any token response. */
    public void answerHuge(int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 64).append("{\"access_token\":\"at-huge\",\"padding\":\"");
        while (sb.length() < bytes) {
            sb.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        }
        String body = sb.append("\"}").toString();
        answerRaw(200, "application/json", body);
    }

    /** Announces a 400-byte JSON answer, sends 30 bytes of it and closes the connection. */
    public void closeMidResponse() {
        answer((req, form) -> {
            var response = req.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", "400");
            response.write("{\"access_token\":\"at-cut-off-he").onComplete(ar -> req.connection().close());
        });
    }

    /** Closes the connection as soon as the request arrived, without any answer. */
    public void resetWithoutAnswer() {
        answer((req, form) -> req.connection().close());
    }

    public int requests() {
        return requests.get();
    }

    /** {@link System#nanoTime()} at the arrival of each request, in order. */
    public List<Long> receivedAt() {
        return List.copyOf(receivedAt);
    }

    /** Every form received, in order. */
    public List<Map<String, String>> forms() {
        return List.copyOf(forms);
    }

    /** One request as it arrived: {@link System#nanoTime()} of arrival, path, headers (names in lower case, first value) and form. */
    public record Received(long at, String path, Map<String, String> headers, Map<String, String> form) {
        public String authorization() {
            return headers.get("authorization");
        }
    }

    /** Every request received, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The Authorization header of each request, in order ("null" when there was none). */
    public List<String> authorizations() {
        return received.stream().map(r -> String.valueOf(r.authorization())).toList();
    }

    public Map<String, String> lastForm() {
        return Map.copyOf(lastForm);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
