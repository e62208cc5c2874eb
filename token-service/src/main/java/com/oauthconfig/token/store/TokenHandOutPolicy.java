package com.oauthconfig.token.store;

import com.oauthconfig.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * When a stored access token may still be handed out: before its provider expiry and before the
 * platform's 15-minute lifetime, each with a margin so the caller gets a token that still works.
 *
 * <p>The margin follows the token's own lifetime: the configured {@code refresh-margin} or a quarter
 * of the time from {@code obtained_at} to the hand-out limit, whichever is smaller. With a fixed
 * 60 s margin, a provider issuing 60-second tokens would have every token refreshed the moment it
 * was obtained (each request a refresh, and callers queued behind a refresh refreshing again).
 */
@ApplicationScoped
public class TokenHandOutPolicy {

    private final TokenServiceConfig settings;

    public TokenHandOutPolicy(TokenServiceConfig settings) {
        this.settings = settings;
    }

    public boolean usable(TokenRow row, Instant now) {
        if (row.status() != TokenRow.TokenStatus.ACTIVE || row.accessSealed() == null
                || row.accessExpiresAt() == null || row.obtainedAt() == null) {
            return false;
        }
        return now.isBefore(usableUntil(row));
    }

    /** The moment {@link #usable} turns false for this row: the hand-out limit less the refresh margin. */
    public Instant usableUntil(TokenRow row) {
        return handOutUntil(row).minus(marginOf(row));
    }

    /** The configured margin, bounded by a quarter of the token's lifetime as handed out (never negative). */
    private Duration marginOf(TokenRow row) {
        Duration lifetime = Duration.between(row.obtainedAt(), handOutUntil(row));
        if (lifetime.isNegative()) {
            return Duration.ZERO;
        }
        Duration quarter = lifetime.dividedBy(4);
        Duration configured = settings.tokens().refreshMargin();
        return quarter.compareTo(configured) < 0 ? quarter : configured;
    }

    /** Still valid at all (for serving during a provider outage): before exp and the platform cap. */
    public boolean stillValid(TokenRow row, Instant now) {
        return row.status() == TokenRow.TokenStatus.ACTIVE && row.accessSealed() != null && row.accessExpiresAt() != null
                && row.obtainedAt() != null && now.isBefore(row.accessExpiresAt()) && now.isBefore(capOf(row));
    }

    /** The moment the token stops being handed out: provider expiry or platform cap, whichever first. */
    public Instant handOutUntil(TokenRow row) {
        Instant cap = capOf(row);
        return row.accessExpiresAt().isBefore(cap) ? row.accessExpiresAt() : cap;
    }

    private Instant capOf(TokenRow row) {
        return row.obtainedAt().plus(settings.tokens().platformLifetime());
    }
}
