package com.oauthconfig.token.provider;

import com.oauthconfig.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/** The provider expiry of a token response: {@code expires_in} from our own request time, never the provider's clock. */
@ApplicationScoped
public class TokenExpiry {

    private final TokenServiceConfig settings;

    public TokenExpiry(TokenServiceConfig settings) {
        this.settings = settings;
    }

    /** Provider expiry from {@code expires_in}, or the bounded default when the provider omitted it. */
    public Instant expiryOf(ProviderTokenResponse response, Instant obtainedAt) {
        Duration fallback = min(settings.tokens().defaultExpiresIn(), settings.tokens().platformLifetime());
        Long seconds = response.expiresIn();
        return obtainedAt.plus(seconds == null || seconds <= 0 ? fallback : Duration.ofSeconds(seconds));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
