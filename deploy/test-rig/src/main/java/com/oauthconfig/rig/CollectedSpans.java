package com.oauthconfig.rig;

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

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
