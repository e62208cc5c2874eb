package com.oauthconfig.bench.peer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.client.R2dbcReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;

/**
 * Profile {@code user-token-store}: per-user tokens from PostgreSQL, as the token-service serves
 * them — Spring Security's {@link R2dbcReactiveOAuth2AuthorizedClientService} (its own
 * {@code oauth2_authorized_client} table), looked up per request by the user the request names;
 * an expired token is refreshed with its refresh token.
 */
@Configuration(proxyBeanMethods = false)
@Profile("user-token-store")
class UserTokenStoreConfiguration {

    @Bean
    ReactiveOAuth2AuthorizedClientService authorizedClientService(DatabaseClient db, ReactiveClientRegistrationRepository registrations) {
        return new R2dbcReactiveOAuth2AuthorizedClientService(db, registrations);
    }

    /** A stored user token is used until it expires, then refreshed with its refresh token. */
    @Bean
    ReactiveOAuth2AuthorizedClientProvider refreshToken() {
        return ReactiveOAuth2AuthorizedClientProviderBuilder.builder().refreshToken().build();
    }

    @Bean
    UpstreamClientSelector perUser(ReactiveOAuth2AuthorizedClientManager manager) {
        return UpstreamClientSelector.perUser(manager);
    }
}
