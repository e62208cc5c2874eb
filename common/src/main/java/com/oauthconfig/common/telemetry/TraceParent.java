package com.oauthconfig.common.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} form of a span context: what the outbox stores with each row and
 * the relay sends as a Kafka header, so a consumer continues the trace of the transaction that
 * wrote the event. Only ids and the sampled flag, never baggage or trace state: nothing a caller
 * put into the trace can ride along into events.
 */
public final class TraceParent {

    /** The Kafka header (and outbox column) name, as W3C Trace Context names the HTTP header. */
    public static final String HEADER = "traceparent";

    private static final Pattern FORM = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private TraceParent() {
    }

    /** The current span's context as a traceparent, or empty when no valid span is current. */
    public static Optional<String> current() {
        return of(Span.current().getSpanContext());
    }

    public static Optional<String> of(SpanContext span) {
        if (span == null || !span.isValid()) {
            return Optional.empty();
        }
        return Optional.of("00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex());
    }

    /** A remote parent context from a stored or received traceparent; the root context when absent or malformed. */
    public static Context parent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        var m = FORM.matcher(traceparent);
        if (!m.matches()) {
            return Context.root();
        }
        SpanContext remote = SpanContext.createFromRemoteParent(m.group(1), m.group(2),
                TraceFlags.fromHex(m.group(3), 0), TraceState.getDefault());
        return remote.isValid() ? Context.root().with(Span.wrap(remote)) : Context.root();
    }
}
