package com.oauthconfig.token;

import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.provider.ProviderTokenResponse;
import com.oauthconfig.token.provider.TokenExpiry;
import com.oauthconfig.token.store.TokenHandOutPolicy;
import com.oauthconfig.token.store.TokenRow;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expiry math: provider expiry, the 15-minute platform cap, the refresh margin and the default lifetime. */
class TokenPolicyTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    final TokenHandOutPolicy policy = new TokenHandOutPolicy(settings());
    final TokenExpiry expiry = new TokenExpiry(settings());

    static TokenRow row(Instant obtained, Instant expires) {
        return new TokenRow("o", "c", "u", TokenRow.TokenStatus.ACTIVE, "sealed", "sealed", expires, obtained,
                "openid", "sub", "iss", 1, "fp", null);
    }

    @Test
    void freshTokenIsUsableUntilTheMarginBeforeItsExpiry() {
        TokenRow r = row(T0, T0.plusSeconds(300));
        assertTrue(policy.usable(r, T0.plusSeconds(239)));
        assertFalse(policy.usable(r, T0.plusSeconds(240)));
        assertTrue(policy.stillValid(r, T0.plusSeconds(299)));
        assertFalse(policy.stillValid(r, T0.plusSeconds(300)));
    }

    @Test
    void longLivedProviderTokenIsCappedAtFifteenMinutes() {
        TokenRow r = row(T0, T0.plus(Duration.ofHours(1)));
        assertEquals(T0.plus(Duration.ofMinutes(15)), policy.handOutUntil(r));
        assertTrue(policy.usable(r, T0.plus(Duration.ofMinutes(13))));
        assertFalse(policy.usable(r, T0.plus(Duration.ofMinutes(14)).plusSeconds(1)));
        assertFalse(policy.stillValid(r, T0.plus(Duration.ofMinutes(15))));
    }

    @Test
    void aShortLivedTokensMarginIsAQuarterOfItsLifetimeSoAFreshTokenIsServedForMostOfIt() {
        TokenRow minute = row(T0, T0.plusSeconds(60));
        assertTrue(policy.usable(minute, T0), "a fresh 60 s token is served, not refreshed at once");
        assertTrue(policy.usable(minute, T0.plusSeconds(44)));
        assertFalse(policy.usable(minute, T0.plusSeconds(45)));
        assertEquals(T0.plusSeconds(45), policy.usableUntil(minute));

        TokenRow fifteen = row(T0, T0.plusSeconds(15));
        assertTrue(policy.usable(fifteen, T0.plusSeconds(11)));
        assertFalse(policy.usable(fifteen, T0.plusMillis(11_250)));

        // Beyond four minutes a quarter exceeds the configured 60 s, which then applies.
        assertEquals(T0.plusSeconds(240), policy.usableUntil(row(T0, T0.plusSeconds(300))));
        // An expiry at or before obtained_at (nonsense) gives no margin and no hand-out, not an error.
        assertFalse(policy.usable(row(T0, T0.minusSeconds(1)), T0));
        assertFalse(policy.usable(row(T0, T0), T0));
    }

    @Test
    void missingOrNonsenseExpiresInFallsBackToTheBoundedDefault() {
        assertEquals(T0.plus(Duration.ofMinutes(5)), expiry.expiryOf(new ProviderTokenResponse("a", null, null, null, null), T0));
        assertEquals(T0.plus(Duration.ofMinutes(5)), expiry.expiryOf(new ProviderTokenResponse("a", null, null, -3L, null), T0));
        assertEquals(T0.plusSeconds(90), expiry.expiryOf(new ProviderTokenResponse("a", null, null, 90L, null), T0));
    }

    @Test
    void rowsWithoutTokensAreNeverUsable() {
        TokenRow revoked = new TokenRow("o", "c", "u", TokenRow.TokenStatus.REVOKED, null, null, null, T0, null, null, null, 1, "fp", "signed_out");
        assertFalse(policy.usable(revoked, T0));
        assertFalse(policy.stillValid(revoked, T0));
    }

    /** Defaults as in production: 15-minute lifetime, 60 s margin, 5-minute default. */
    static TokenServiceConfig settings() {
        TokenServiceConfig.Tokens tokens = proxy(TokenServiceConfig.Tokens.class, Map.of(
                "platformLifetime", Duration.ofMinutes(15), "refreshMargin", Duration.ofSeconds(60),
                "defaultExpiresIn", Duration.ofMinutes(5), "stateTtl", Duration.ofMinutes(10),
                "clientCredentialsMargin", Duration.ofSeconds(30)));
        return proxy(TokenServiceConfig.class, Map.of("tokens", tokens));
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (!values.containsKey(m.getName())) {
                throw new UnsupportedOperationException(m.getName() + " " + List.of());
            }
            return values.get(m.getName());
        });
    }
}
