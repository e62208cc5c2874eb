package com.oauthconfig.token.injection;

import com.oauthconfig.token.config.TokenServiceConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP client REST functions go out with (Vert.x core client, pooled, non-blocking). It never
 * follows redirects, and the response body is handed on as a stream that is read only as fast as
 * the caller consumes it, so large bodies never sit whole in memory.
 */
@ApplicationScoped
public class UpstreamClient {

    /** A started upstream response: status and headers now, the body as a back-pressured stream. */
    public record Response(int status, Map<String, List<String>> headers, Multi<byte[]> body) {
    }

    private final HttpClient http;
    private final TokenServiceConfig settings;

    public UpstreamClient(Vertx vertx, TokenServiceConfig settings) {
        this.settings = settings;
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

    public Uni<Response> send(String method, URI target, MultiMap headers, Buffer body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setAbsoluteURI(target.toString())
                .setFollowRedirects(false)
                .setConnectTimeout(settings.injection().connectTimeout().toMillis())
                .setIdleTimeout(settings.injection().idleTimeout().toMillis());
        return http.request(options)
                .chain(request -> {
                    request.headers().addAll(headers);
                    return body == null ? request.send() : request.send(body);
                })
                .map(response -> {
                    // Paused in the same event-loop turn the response arrived in: no chunk is read
                    // (or dropped) before the caller subscribes and asks for it.
                    response.pause();
                    Map<String, List<String>> out = new LinkedHashMap<>();
                    response.headers().names().forEach(name -> out.put(name, response.headers().getAll(name)));
                    return new Response(response.statusCode(), out, response.toMulti().map(Buffer::getBytes));
                });
    }
}
