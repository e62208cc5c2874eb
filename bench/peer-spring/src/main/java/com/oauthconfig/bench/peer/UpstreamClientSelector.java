package com.oauthconfig.bench.peer;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.function.Consumer;

import static org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction.oauth2AuthorizedClient;

/**
 * Which authorized client the outbound call carries: by default the filter's own (the caller's
 * client-credentials token); with the per-user store, the client stored for the user the request
 * names ({@code orgId/userId}).
 */
interface UpstreamClientSelector {

    Mono<Consumer<Map<String, Object>>> attributesFor(ExecuteController.Call call);

    static UpstreamClientSelector filterDefault() {
        return call -> Mono.just(attributes -> {
        });
    }

    static UpstreamClientSelector perUser(ReactiveOAuth2AuthorizedClientManager manager) {
        return call -> manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(PeerConfiguration.REGISTRATION)
                        .principal(call.orgId() + "/" + call.userId()).build())
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED, "no stored token for the user")))
                .map(client -> oauth2AuthorizedClient(client));
    }
}
