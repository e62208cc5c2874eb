package com.oauthconfig.token.injection;

import com.oauthconfig.common.telemetry.LogContextFilter;
import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClosedException;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Performs a REST function call for a user: checks the target, resolves the token, adds
 * {@code Authorization: Bearer}, sends, and hands back the upstream response as it arrives.
 * The inbound Authorization/Cookie headers (and hop-by-hop headers) never go upstream.
 */
@ApplicationScoped
public class FunctionExecutor {

    private static final Logger LOG = Logger.getLogger(FunctionExecutor.class);

    /** Never copied from the function's headers to the target. */
    static final Set<String> STRIPPED_REQUEST_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "cookie2",
            "host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade",
            "proxy-connection", "expect", "x-correlation-id");

    /** Hop-by-hop headers of the upstream answer; the body is re-chunked, so its length travels implicitly. */
    static final Set<String> STRIPPED_RESPONSE_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-connection", "content-length");

    /**
     * One function call as the platform sends it; headers and query are already validated. The
     * organisation and user are those of the present user ({@link #actingFor}) before it is executed.
     */
    public record Call(String orgId, String userId, String solutionId, String tokenReference, Grant grant, String method, URI url,
                       Map<String, String> headers, Map<String, String> query, Buffer body, String contentType,
                       String correlationId) {

        /** This call for the user whose own token was verified. */
        public Call actingFor(PresentUser user) {
            return new Call(user.orgId(), user.userId(), solutionId, tokenReference, grant, method, url, headers, query, body,
                    contentType, correlationId);
        }
    }

    private final TargetPolicy targets;
    private final TokenReferenceResolver resolver;
    private final UpstreamClient upstream;

    public FunctionExecutor(TargetPolicy targets, TokenReferenceResolver resolver, UpstreamClient upstream) {
        this.targets = targets;
        this.resolver = resolver;
        this.upstream = upstream;
    }

    public Uni<UpstreamClient.Response> execute(Call call) {
        URI target = withQuery(call.url(), call.query());
        return targets.checkAddress(target)
                .chain(checked -> resolver.resolve(call.orgId(), call.userId(), call.solutionId(), call.tokenReference(), call.grant())
                        .chain(resolved -> {
                            targets.checkApiHosts(target, resolved.config());
                            return upstream.send(call.method(), checked, headers(call, resolved.accessToken()), call.body());
                        }))
                .map(r -> new UpstreamClient.Response(r.status(), passThrough(r.headers(), call.correlationId()), r.body()))
                .onFailure(f -> !(f instanceof FunctionCallException)).transform(f -> upstreamFailure(f, target));
    }

    /**
     * The user's token for a trusted service that calls {@code target} itself: the same target rules
     * as {@link #execute} (scheme, private addresses, the config's apiHosts) decide before the token
     * is handed out. The service makes the connection, so it is not pinned here.
     */
    public Uni<TokenReferenceResolver.Resolved> tokenFor(PresentUser user, String solutionId, String reference, Grant grant, URI target) {
        return targets.checkAddress(target)
                .chain(checked -> resolver.resolve(user.orgId(), user.userId(), solutionId, reference, grant))
                .invoke(resolved -> targets.checkApiHosts(target, resolved.config()));
    }

    private static MultiMap headers(Call call, String accessToken) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        if (call.headers() != null) {
            call.headers().forEach((name, value) -> {
                if (!STRIPPED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    h.add(name, value);
                }
            });
        }
        if (call.contentType() != null && !h.contains("Content-Type")) {
            h.add("Content-Type", call.contentType());
        }
        h.set("Authorization", "Bearer " + accessToken);
        h.set(LogContextFilter.HEADER, call.correlationId());
        return h;
    }

    /** The function's URL with the query parameters appended (values encoded here, never trusted raw). */
    public static URI withQuery(URI url, Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return url;
        }
        StringBuilder q = new StringBuilder(url.getRawQuery() == null ? "" : url.getRawQuery());
        query.forEach((k, v) -> {
            if (!q.isEmpty()) {
                q.append('&');
            }
            q.append(URLEncoder.encode(k, StandardCharsets.UTF_8).replace("+", "%20"));
            if (v != null) {
                q.append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        });
        String s = url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath())
                + "?" + q;
        return URI.create(s);
    }

    private static FunctionCallException upstreamFailure(Throwable f, URI target) {
        String where = target.getScheme() + "://" + target.getAuthority();
        if (f instanceof TimeoutException || f instanceof ConnectTimeoutException
                || f instanceof io.vertx.core.impl.NoStackTraceTimeoutException
                || (f.getMessage() != null && f.getMessage().toLowerCase(Locale.ROOT).contains("timeout"))) {
            LOG.infof("function call to %s timed out", where);
            return FunctionCallException.of(FunctionError.UpstreamTimeoutError,
                    "The service this app calls did not answer in time. Please try again.");
        }
        LOG.infof("function call to %s failed: %s", where, f.getClass().getSimpleName());
        if (f instanceof HttpClosedException || f instanceof java.net.ConnectException
                || f instanceof java.net.UnknownHostException || f instanceof javax.net.ssl.SSLException
                || f instanceof io.netty.channel.ConnectTimeoutException || f instanceof java.io.IOException) {
            return FunctionCallException.of(FunctionError.UpstreamUnreachableError,
                    "The service this app calls could not be reached. Please try again.");
        }
        return FunctionCallException.of(FunctionError.UpstreamUnreachableError,
                "The service this app calls could not be reached. Please try again.");
    }

    /** Upstream response headers to pass back: all but hop-by-hop ones. */
    static Map<String, List<String>> passThrough(Map<String, List<String>> upstreamHeaders, String correlationId) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        upstreamHeaders.forEach((name, values) -> {
            if (!STRIPPED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    && !LogContextFilter.HEADER.equalsIgnoreCase(name)) {
                out.put(name, values);
            }
        });
        out.put(LogContextFilter.HEADER, List.of(correlationId));
        return out;
    }
}
