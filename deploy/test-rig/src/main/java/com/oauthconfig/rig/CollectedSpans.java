package com.oauthconfig.rig;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * An in-memory span exporter for tests: each service's test sources register one as a CDI bean,
 * so the spans the service exports (instead of sending them over OTLP) can be asserted by name,
 * attribute and parent. Spans of every test in the JVM land here: filter by trace id.
 */
public class CollectedSpans implements SpanExporter {

    /** Where a database client span keeps its SQL: the semantic conventions renamed the attribute. */
    private static final List<AttributeKey<String>> STATEMENT = List.of(AttributeKey.stringKey("db.query.text"),
            AttributeKey.stringKey("db.statement"));

    /** The newest spans kept: a whole suite's requests would otherwise fill a test JVM's heap. Tests look at their own trace at once. */
    static final int KEPT = 5_000;

    private final ConcurrentLinkedQueue<SpanData> spans = new ConcurrentLinkedQueue<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        spans.addAll(batch);
        for (int excess = spans.size() - KEPT; excess > 0 && spans.poll() != null; excess--) {
            // oldest first
        }
        return CompletableResultCode.ofSuccess();
    }

    public List<SpanData> all() {
        return List.copyOf(spans);
    }

    public List<SpanData> matching(Predicate<SpanData> filter) {
        return spans.stream().filter(filter).toList();
    }

    public List<SpanData> inTrace(String traceId) {
        return matching(s -> s.getTraceId().equals(traceId));
    }

    /** The spans of the database statements of a trace, in the order the client sent them. */
    public List<SpanData> statementsInTrace(String traceId) {
        return matching(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.CLIENT && statement(s) != null).stream()
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
    }

    /** The SQL of a database client span, or null for any other span. */
    public static String statement(SpanData span) {
        return STATEMENT.stream().map(k -> span.getAttributes().get(k)).filter(v -> v != null).findFirst().orElse(null);
    }

    /**
     * Whether every one of these statements was handed to the connection before the first answer
     * came back, i.e. without waiting for each other. A statement's span begins when the client
     * schedules it on the connection and ends when its answer is in. The client then pipelines them:
     * once the connection has prepared them (it caches prepared statements, Quarkus' default for
     * PostgreSQL), they go out in one write and come back in one round trip.
     */
    public static boolean sentTogether(List<SpanData> statements) {
        long lastSent = statements.stream().mapToLong(SpanData::getStartEpochNanos).max().orElseThrow();
        long firstAnswered = statements.stream().mapToLong(SpanData::getEndEpochNanos).min().orElseThrow();
        return lastSent < firstAnswered;
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
