package com.oauthconfig.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code POST /api/functions/execute} with the token-service's request shape: calls {@code url}
 * with {@code method}, the injected bearer token and the caller's headers, and streams the
 * target's status, headers and body back. Redirects are not followed (WebClient's default).
 */
@RestController
public class ExecuteController {

    private static final Set<String> DROPPED = Set.of("authorization", "proxy-authorization", "cookie", "connection",
            "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length");

    /** The same fields as the token-service's FunctionCallRequest; org/user/reference are not needed here. */
    public record Call(String orgId, String userId, String tokenReference, String solutionId, String method,
                       String url, Map<String, String> headers, Map<String, String> query, JsonNode body) {
    }

    private final WebClient upstream;
    private final UpstreamClientSelector clients;

    public ExecuteController(WebClient upstream, ObjectProvider<UpstreamClientSelector> clients) {
        this.upstream = upstream;
        this.clients = clients.getIfAvailable(UpstreamClientSelector::filterDefault);
    }

    @PostMapping("/api/functions/execute")
    Mono<ResponseEntity<Flux<DataBuffer>>> execute(@RequestBody Call call) {
        return clients.attributesFor(call).flatMap(attributes -> forward(call, attributes));
    }

    private Mono<ResponseEntity<Flux<DataBuffer>>> forward(Call call, Consumer<Map<String, Object>> attributes) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(call.url());
        if (call.query() != null) {
            call.query().forEach(uri::queryParam);
        }
        WebClient.RequestBodySpec request = upstream.method(HttpMethod.valueOf(call.method()))
                .uri(uri.build().toUri())
                .attributes(attributes)
                .headers(h -> {
                    if (call.headers() != null) {
                        call.headers().forEach((k, v) -> {
                            if (!DROPPED.contains(k.toLowerCase())) {
                                h.set(k, v);
                            }
                        });
                    }
                });
        WebClient.RequestHeadersSpec<?> ready = call.body() == null || call.body().isNull() ? request
                : request.bodyValue(call.body().isTextual() ? call.body().asText() : call.body().toString());
        return ready.retrieve()
                .onStatus(status -> true, response -> Mono.empty())
                .toEntityFlux(DataBuffer.class)
                .map(entity -> {
                    HttpHeaders headers = new HttpHeaders();
                    entity.getHeaders().forEach((name, values) -> {
                        if (!DROPPED.contains(name.toLowerCase())) {
                            headers.put(name, values);
                        }
                    });
                    return ResponseEntity.status(entity.getStatusCode()).headers(headers).body(entity.getBody());
                });
    }
}
