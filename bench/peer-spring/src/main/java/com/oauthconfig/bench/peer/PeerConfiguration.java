package com.oauthconfig.bench.peer;

import io.netty.channel.ChannelOption;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;

/**
 * A stateless Spring resource server and token-injecting proxy, set up the way a Spring engineer
 * would for a bearer-token API: callers authenticate with a platform JWT (keys from the issuer's
 * JWKS, audience and SERVICE role checked, as ours does), no WebSession, no saved requests, no
 * CSRF/basic/form login; the outbound WebClient gets its token from Spring Security's OAuth2
 * client filter and has a connection pool as large as the token-service's (256 per host).
 */
@Configuration(proxyBeanMethods = false)
public class PeerConfiguration {

    /** The client registration the filter uses (see application.properties). */
    static final String REGISTRATION = "upstream";
    /** The token-service's injection.max-connections-per-host. */
    static final int UPSTREAM_CONNECTIONS = 256;

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Stateless: nothing is saved between requests, so no WebSession is ever created.
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(a -> a
                        .pathMatchers("/actuator/health/**", "/actuator/prometheus").permitAll()
                        .pathMatchers("/api/functions/execute").hasRole("SERVICE")
                        .anyExchange().denyAll())
                .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()))
                .build();
    }

    /** Loads the stored authorized client and obtains or refreshes a token with the variant's provider. */
    @Bean
    ReactiveOAuth2AuthorizedClientManager authorizedClientManager(ReactiveClientRegistrationRepository registrations,
                                                                  ReactiveOAuth2AuthorizedClientService clients,
                                                                  ReactiveOAuth2AuthorizedClientProvider provider) {
        var manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(provider);
        return manager;
    }

    /** The shipped variant's outbound token: client credentials, kept by Spring until it expires. */
    @Bean
    @Profile("!user-token-store")
    ReactiveOAuth2AuthorizedClientProvider clientCredentials() {
        return ReactiveOAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build();
    }

    @Bean
    WebClient upstreamClient(WebClient.Builder builder, ReactiveOAuth2AuthorizedClientManager manager) {
        var oauth = new ServerOAuth2AuthorizedClientExchangeFilterFunction(manager);
        oauth.setDefaultClientRegistrationId(REGISTRATION);
        ConnectionProvider pool = ConnectionProvider.builder("upstream").maxConnections(UPSTREAM_CONNECTIONS)
                .pendingAcquireMaxCount(-1).maxIdleTime(Duration.ofSeconds(60)).build();
        HttpClient http = HttpClient.create(pool).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .responseTimeout(Duration.ofSeconds(30));
        return builder.clientConnector(new ReactorClientHttpConnector(http)).filter(oauth).build();
    }
}
