package com.oauthconfig.common.ratelimit;

import com.oauthconfig.common.problem.ProblemMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;


/**
 * Repeated 401s from one client address: every failed authentication — a 401 carrying the
 * {@code WWW-Authenticate} challenge, which common's problem mapper sets whenever a bearer token is
 * missing or refused — is counted against the connection's address. The token-service's injection
 * endpoints also answer 401 to an authenticated platform service when a user has not signed in
 * (the apps' {@code OAuthCredentialsMissingError}); those carry no challenge and are not counted,
 * or the function runtime would lock itself out. Once an address has had
 * {@code unauthorized-per-address} failures in its window, each of its requests is answered 429
 * before authentication, until the window ends. This bounds token guessing and a misconfigured
 * client hammering with an expired token, on every endpoint of every service.
 */
@ApplicationScoped
public class UnauthorizedLimit {

    private final RateLimitConfig config;
    private final WindowCounter unauthorized;

    public UnauthorizedLimit(RateLimitConfig config) {
        this.config = config;
        this.unauthorized = new WindowCounter(config.unauthorizedPerAddress(), config.window(), config.maxKeys());
    }

    void install(@Observes Router router) {
        if (config.enabled()) {
            // Before the body limit and before any authentication.
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::limit);
        }
    }

    private void limit(RoutingContext context) {
        String address = ClientAddress.of(context);
        long retryAfter = unauthorized.spent(address);
        if (retryAfter > 0) {
            RateLimitedException e = new RateLimitedException("401 answers to this address", retryAfter);
            context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            ProblemMapper.end(context, e.type(), e.getMessage(), e.extensions());
            return;
        }
        context.addHeadersEndHandler(v -> {
            if (context.response().getStatusCode() == 401 && context.response().headers().contains("WWW-Authenticate")) {
                unauthorized.record(address);
            }
        });
        context.next();
    }
}
