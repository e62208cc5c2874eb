package com.oauthconfig.common.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Traces start where work arrives: a request, a consumed record, a job's own span. A client call
 * (a database query, an outgoing HTTP call) made outside any trace starts none: otherwise every
 * idle poll of the outbox relays is a trace of its own, which locally was 99 % of all spans and in
 * production fills the tracing back end with noise. Everything else follows the configured
 * parent-based ratio ({@code quarkus.otel.traces.sampler.arg}). Quarkus uses a Sampler bean instead
 * of the configured sampler and still wraps it in its own drop rules (health and metrics paths).
 */
@Singleton
public class WorkStartsTracesSampler implements Sampler {

    private final Sampler delegate;

    WorkStartsTracesSampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        this.delegate = Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "WorkStartsTraces{" + delegate.getDescription() + "}";
    }
}
