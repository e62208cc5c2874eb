package com.oauthconfig.common.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpanSanitizerTest {

    @Test
    void urlAttributesLoseQueryValuesUserInfoAndFragmentsAtSpanStart() {
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new SpanSanitizer()).build();
        Span span = provider.get("test").spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
                .setAttribute("url.full", "https://user:pw@api.example.com:8443/v1/me?api_key=SECRET&x=1#frag")
                .setAttribute("url.query", "code=SECRETCODE&state=SECRETSTATE&iss")
                .setAttribute("http.target", "/api/oauth/callback?code=SECRETCODE")
                .startSpan();
        SpanData data = ((ReadableSpan) span).toSpanData();
        span.end();
        assertEquals("https://api.example.com:8443/v1/me", data.getAttributes().get(SpanSanitizer.URL_FULL));
        assertEquals("code&state&iss", data.getAttributes().get(SpanSanitizer.URL_QUERY));
        assertEquals("/api/oauth/callback", data.getAttributes().get(SpanSanitizer.OLD_URLS.get(1)));
        assertFalse(data.getAttributes().toString().contains("SECRET"), data.getAttributes().toString());
        assertFalse(data.getAttributes().toString().contains("pw"), data.getAttributes().toString());
        provider.close();
    }

    @Test
    void aTraceparentRoundTripsAndMalformedOnesStartANewTrace() {
        String tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Context parent = TraceParent.parent(tp);
        assertEquals(Optional.of(tp), TraceParent.of(Span.fromContext(parent).getSpanContext()));
        for (String bad : new String[] {null, "", "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "00-00000000000000000000000000000000-b7ad6b7169203331-01", "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
                tp + "-extra"}) {
            assertTrue(TraceParent.of(Span.fromContext(TraceParent.parent(bad)).getSpanContext()).isEmpty(), String.valueOf(bad));
        }
    }
}
