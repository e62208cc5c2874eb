package com.oauthconfig.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

/**
 * Closed-loop HTTP load at a fixed concurrency: {@code concurrency} virtual users each send the
 * next request as soon as the previous answer's body has arrived, over a keep-alive pool of
 * exactly {@code concurrency} connections. Latency is recorded (microseconds, HdrHistogram) only
 * for requests started inside the measured window, after the warm-up.
 *
 * <p>One client for every target (direct, token-service, peer), so its own cost is the same on
 * both sides of each ratio.
 */
final class Load {

    /** One request: absolute URL, headers and an optional body. */
    record Req(HttpMethod method, String url, MultiMap headers, Buffer body) {

        static Req get(String url, MultiMap headers) {
            return new Req(HttpMethod.GET, url, headers, null);
        }

        static Req post(String url, MultiMap headers, String json) {
            return new Req(HttpMethod.POST, url, headers, Buffer.buffer(json));
        }
    }

    /** What a run measured. Latencies in microseconds. */
    record Result(long requests, long errors, double seconds, Histogram latencies, String firstError) {

        double rps() {
            return seconds <= 0 ? 0 : requests / seconds;
        }

        double p50Ms() {
            return latencies.getValueAtPercentile(50) / 1000.0;
        }

        double p99Ms() {
            return latencies.getValueAtPercentile(99) / 1000.0;
        }

        double maxMs() {
            return latencies.getMaxValue() / 1000.0;
        }

        double errorRate() {
            long all = requests + errors;
            return all == 0 ? 1 : (double) errors / all;
        }

        /** Null when the run is usable, otherwise why not (more than 1 % failed, or nothing answered). */
        String unusable(String what) {
            if (requests == 0) {
                return what + ": no successful answer" + (firstError == null ? "" : " (" + firstError + ")");
            }
            if (errorRate() > 0.01) {
                return String.format("%s: %.1f%% of requests failed (%s)", what, errorRate() * 100, firstError);
            }
            return null;
        }
    }

    private final Vertx vertx;

    Load(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Time-boxed run: warm-up, then a measured window. */
    Result run(int concurrency, Duration warmup, Duration measure, LongFunction<Req> next, IntPredicate ok) {
        return run(concurrency, warmup, measure, Long.MAX_VALUE, next, ok, null);
    }

    /**
     * The general form: stops at the end of the measured window or after {@code maxRequests}
     * measured requests were started, whichever comes first. {@code onAnswer} sees every answer
     * (status, headers) before the next request of that virtual user is sent.
     */
    Result run(int concurrency, Duration warmup, Duration measure, long maxRequests, LongFunction<Req> next, IntPredicate ok,
               BiConsumer<Req, HttpClientResponse> onAnswer) {
        HttpClient client = client(concurrency);
        try {
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long measureUntil = measureFrom + measure.toNanos();
            Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
            AtomicLong sequence = new AtomicLong();
            AtomicLong measured = new AtomicLong();
            AtomicLong okCount = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong lastEnd = new AtomicLong(measureFrom);
            AtomicReference<String> firstError = new AtomicReference<>();
            List<CompletableFuture<Void>> users = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                users.add(done);
                vertx.runOnContext(v -> loop(client, next, ok, onAnswer, sequence, measureFrom, measureUntil, maxRequests, measured,
                        histogram, okCount, errors, lastEnd, firstError, done));
            }
            CompletableFuture.allOf(users.toArray(CompletableFuture[]::new))
                    .orTimeout(warmup.plus(measure).plusMinutes(2).toMillis(), TimeUnit.MILLISECONDS).join();
            double seconds = Math.max(0, lastEnd.get() - measureFrom) / 1e9;
            return new Result(okCount.get(), errors.get(), seconds, histogram, firstError.get());
        } finally {
            client.close();
        }
    }

    private void loop(HttpClient client, LongFunction<Req> next, IntPredicate ok, BiConsumer<Req, HttpClientResponse> onAnswer,
                      AtomicLong sequence, long measureFrom, long measureUntil, long maxRequests, AtomicLong measured,
                      Histogram histogram, AtomicLong okCount, AtomicLong errors, AtomicLong lastEnd,
                      AtomicReference<String> firstError, CompletableFuture<Void> done) {
        long begin = System.nanoTime();
        if (begin >= measureUntil) {
            done.complete(null);
            return;
        }
        boolean inWindow = begin >= measureFrom;
        if (inWindow && measured.incrementAndGet() > maxRequests) {
            done.complete(null);
            return;
        }
        Req req = next.apply(sequence.getAndIncrement());
        send(client, req).onComplete(ar -> {
            long end = System.nanoTime();
            if (inWindow) {
                boolean good = ar.succeeded() && ok.test(ar.result().status);
                if (good) {
                    okCount.incrementAndGet();
                    histogram.recordValue(Math.max(1, (end - begin) / 1000));
                } else {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, ar.succeeded() ? ar.result().describe() : ar.cause().toString());
                }
                lastEnd.accumulateAndGet(end, Math::max);
            }
            if (ar.succeeded() && onAnswer != null) {
                onAnswer.accept(req, ar.result().response);
            }
            loop(client, next, ok, onAnswer, sequence, measureFrom, measureUntil, maxRequests, measured, histogram, okCount, errors,
                    lastEnd, firstError, done);
        });
    }

    /** All requests at once (a thundering herd), each on its own connection; waits for every answer. */
    Result burst(List<Req> requests, IntPredicate ok) {
        HttpClient client = client(requests.size());
        try {
            // Open every connection first, so the herd measures the service and not TCP handshakes.
            List<Future<Answer>> warm = new ArrayList<>();
            String first = requests.get(0).url();
            String health = first.substring(0, first.indexOf('/', "http://".length())) + "/q/health/live";
            CompletableFuture<Void> opened = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                for (int i = 0; i < requests.size(); i++) {
                    warm.add(send(client, Req.get(health, MultiMap.caseInsensitiveMultiMap())));
                }
                Future.join(warm).onComplete(ar -> opened.complete(null));
            });
            opened.orTimeout(2, TimeUnit.MINUTES).join();

            Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
            AtomicLong okCount = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            CompletableFuture<Void> all = new CompletableFuture<>();
            long start = System.nanoTime();
            AtomicLong lastEnd = new AtomicLong(start);
            vertx.runOnContext(v -> {
                List<Future<Answer>> sent = new ArrayList<>();
                for (Req r : requests) {
                    long begin = System.nanoTime();
                    sent.add(send(client, r).andThen(ar -> {
                        long end = System.nanoTime();
                        lastEnd.accumulateAndGet(end, Math::max);
                        if (ar.succeeded() && ok.test(ar.result().status)) {
                            okCount.incrementAndGet();
                            histogram.recordValue(Math.max(1, (end - begin) / 1000));
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, ar.succeeded() ? ar.result().describe() : ar.cause().toString());
                        }
                    }));
                }
                Future.join(sent).onComplete(ar -> all.complete(null));
            });
            all.orTimeout(2, TimeUnit.MINUTES).join();
            return new Result(okCount.get(), errors.get(), (lastEnd.get() - start) / 1e9, histogram, firstError.get());
        } finally {
            client.close();
        }
    }

    /** One request, synchronously (setup and probes). */
    Answer once(Req req) {
        HttpClient client = client(1);
        try {
            CompletableFuture<Answer> f = new CompletableFuture<>();
            vertx.runOnContext(v -> send(client, req).onComplete(ar -> {
                if (ar.succeeded()) {
                    f.complete(ar.result());
                } else {
                    f.completeExceptionally(ar.cause());
                }
            }));
            return f.orTimeout(30, TimeUnit.SECONDS).join();
        } finally {
            client.close();
        }
    }

    /** Status, the response (for headers) and the first bytes of the body (for error messages). */
    record Answer(int status, HttpClientResponse response, String bodyStart) {

        String describe() {
            return "HTTP " + status + (bodyStart.isEmpty() ? "" : ": " + bodyStart);
        }
    }

    private static Future<Answer> send(HttpClient client, Req req) {
        RequestOptions options = new RequestOptions().setMethod(req.method()).setAbsoluteURI(req.url()).setHeaders(req.headers());
        return client.request(options)
                .compose(r -> req.body() == null ? r.send() : r.send(req.body()))
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), response,
                        response.statusCode() < 400 ? "" : excerpt(body))));
    }

    private static String excerpt(Buffer body) {
        String s = body.toString().replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000)
                        .setIdleTimeout(120).setKeepAliveTimeout(120),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }
}
