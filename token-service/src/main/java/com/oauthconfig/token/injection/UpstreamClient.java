package com.oauthconfig.token.injection;

import com.oauthconfig.common.egress.EgressAddresses;
import com.oauthconfig.token.config.TokenServiceConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP client REST functions go out with (Vert.x core client, pooled, non-blocking). It never
 * follows redirects, connects to the address the target policy judged, and the response body is
 * handed on as a stream that is read only as fast as the caller consumes it, so large bodies never
 * sit whole in memory.
 */
@ApplicationScoped
public class UpstreamClient {

    /** A started upstream response: status and headers now, the body as a back-pressured stream. */
    public record Response(int status, Map<String, List<String>> headers, Multi<byte[]> body) {
    }

    private final HttpClient http;
    private final Vertx vertx;
    private final TokenServiceConfig settings;

    public UpstreamClient(Vertx vertx, TokenServiceConfig settings) {
        this.settings = settings;
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) settings.injection().connectTimeout().toMillis())
                .setMaxPoolSize(settings.injection().maxConnectionsPerHost())
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setDecompressionSupported(false));
    }

    @PreDestroy
    void close() {
        http.closeAndAwait();
    }

    /**
     * Sends the call to the checked target: to its pinned address when there is one (the host name
     * stays in the URL, so it is the Host header, the TLS SNI and the name the certificate must
     * carry). The whole exchange, body included, is cut at {@code injection.deadline}: the request is
     * reset, which fails a pending answer with a {@link TimeoutException} and ends a body being
     * streamed.
     */
    public Uni<Response> send(String method, TargetPolicy.Checked target, MultiMap headers, Buffer body) {
        URI uri = target.uri();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setAbsoluteURI(uri.toString())
                .setFollowRedirects(false)
                .setConnectTimeout(settings.injection().connectTimeout().toMillis())
                .setIdleTimeout(settings.injection().idleTimeout().toMillis());
        if (target.address() != null) {
            options.setServer(SocketAddress.inetSocketAddress(EgressAddresses.port(uri), target.address().getHostAddress()));
        }
        AtomicBoolean cut = new AtomicBoolean();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(settings.injection().deadline().toMillis(), id -> {
            cut.set(true);
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
            }
        });
        return http.request(options)
                .chain(request -> {
                    sent.set(request);
                    if (cut.get()) {
                        request.reset();
                    }
                    request.headers().addAll(headers);
                    return body == null ? request.send() : request.send(body);
                })
                .map(response -> {
                    // Paused in the same event-loop turn the response arrived in: no chunk is read
                    // (or dropped) before the caller subscribes and asks for it.
                    response.pause();
                    Map<String, List<String>> out = new LinkedHashMap<>();
                    response.headers().names().forEach(name -> out.put(name, response.headers().getAll(name)));
                    return new Response(response.statusCode(), out, response.toMulti().map(Buffer::getBytes)
                            .onTermination().invoke(() -> vertx.cancelTimer(timer)));
                })
                .onFailure().invoke(() -> vertx.cancelTimer(timer))
                .onFailure(f -> cut.get()).transform(f -> new TimeoutException("no complete answer within the deadline"));
    }
}
