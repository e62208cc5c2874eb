package com.oauthconfig.common.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.List;

/**
 * Strips what the automatic HTTP instrumentation records from URLs before any exporter sees a
 * span: query values (the sign-in callback carries the authorization code and state, an
 * injection target's URL may carry an API key), user info and fragments. Query parameter names
 * stay, so a span still tells which kind of request it was. Runs at span start, where the HTTP
 * server and client instrumentation set these attributes.
 */
@ApplicationScoped
public class SpanSanitizer implements SpanProcessor {

    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final List<AttributeKey<String>> OLD_URLS = List.of(AttributeKey.stringKey("http.url"),
            AttributeKey.stringKey("http.target"));

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String full = span.getAttribute(URL_FULL);
        if (full != null) {
            span.setAttribute(URL_FULL, withoutSecrets(full));
        }
        String query = span.getAttribute(URL_QUERY);
        if (query != null) {
            span.setAttribute(URL_QUERY, names(query));
        }
        for (AttributeKey<String> key : OLD_URLS) {
            String value = span.getAttribute(key);
            if (value != null) {
                span.setAttribute(key, withoutSecrets(value));
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    /** Scheme, host, port and path of an absolute URL; a path alone (http.target) loses its query. */
    static String withoutSecrets(String url) {
        int cut = indexOfAny(url, '?', '#');
        String noQuery = cut < 0 ? url : url.substring(0, cut);
        try {
            URI u = URI.create(noQuery);
            if (u.getRawUserInfo() != null && u.getHost() != null) {
                return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort())
                        + (u.getRawPath() == null ? "" : u.getRawPath());
            }
            return noQuery;
        } catch (IllegalArgumentException e) {
            int at = noQuery.lastIndexOf('@');
            return at < 0 ? noQuery : "(invalid URL)";
        }
    }

    /** {@code code=abc&state=xyz} → {@code code&state}. */
    static String names(String query) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!name.isEmpty()) {
                out.append(out.length() == 0 ? "" : "&").append(name.length() > 64 ? name.substring(0, 64) : name);
            }
        }
        return out.toString();
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
