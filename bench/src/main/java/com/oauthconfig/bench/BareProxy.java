package com.oauthconfig.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.Set;

/**
 * The physical limit of one Java proxy hop, as a bench row's baseline: a Vert.x server that
 * forwards each request (method, path, headers, body) to the upstream with a fixed
 * {@code Authorization} header and streams the answer back — no authentication, no lookups.
 * Runs as its own JVM with the services' flags: {@code BareProxy <port> <upstream host> <upstream port> <token>}.
 * {@code GET /ready} answers UP without going upstream.
 */
public final class BareProxy {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
            "host", "content-length", "authorization");

    private BareProxy() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String host = args[1];
        int upstreamPort = Integer.parseInt(args[2]);
        String authorization = "Bearer " + args[3];
        Vertx vertx = Vertx.vertx();
        // The token-service's outbound pool size (injection.max-connections-per-host).
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
        // As many server instances as Quarkus has event loops (2 × cores), sharing the port.
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
            serve(vertx, client, port, host, upstreamPort, authorization);
        }
    }

    private static void serve(Vertx vertx, HttpClient client, int port, String host, int upstreamPort, String authorization) {
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(in -> {
            if (in.path().equals("/ready")) {
                in.response().end("{\"status\":\"UP\"}");
                return;
            }
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            in.headers().forEach(h -> {
                if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                    headers.add(h.getKey(), h.getValue());
                }
            });
            headers.set("Authorization", authorization);
            in.body().compose(body -> client.request(new RequestOptions().setMethod(in.method()).setHost(host).setPort(upstreamPort)
                            .setURI(in.uri()).setHeaders(headers))
                    .compose(out -> out.send(body)))
                    .compose(answer -> answer.body().map(body -> {
                        in.response().setStatusCode(answer.statusCode());
                        answer.headers().forEach(h -> {
                            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                                in.response().putHeader(h.getKey(), h.getValue());
                            }
                        });
                        return body;
                    }))
                    .onSuccess(body -> in.response().end(body))
                    .onFailure(e -> in.response().setStatusCode(502).end());
        }).listen().toCompletionStage().toCompletableFuture().join();
    }
}
