package com.oauthconfig.token.store;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.token.peers.Consent;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.handout.FailureReason;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.peers.OAuthConfigCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one entry point of the injection path: a valid access token for (org, config,
 * user), or the typed reason there is none. Refreshes are coalesced in this process (one in
 * flight per key) and serialised across replicas by {@link RefreshService}'s row lock.
 */
@ApplicationScoped
public class AccessTokenService {

    private final OAuthConfigCache configs;
    private final TokenRepository tokens;
    private final EnvelopeCipher cipher;
    private final TokenHandOutPolicy policy;
    private final RefreshService refresher;
    private final AccessTokenCache cache;
    /**
     * Refreshes running now, by org|config|user. Bounded by what is in flight: an entry leaves when
     * its refresh ends, and every refresh ends within the provider's per-attempt deadline and retries.
     */
    private final Map<String, CompletableFuture<AccessTokenResult>> inFlight = new ConcurrentHashMap<>();

    public AccessTokenService(OAuthConfigCache configs, TokenRepository tokens, EnvelopeCipher cipher, TokenHandOutPolicy policy,
                         RefreshService refresher, AccessTokenCache cache) {
        this.configs = configs;
        this.tokens = tokens;
        this.cipher = cipher;
        this.policy = policy;
        this.refresher = refresher;
        this.cache = cache;
    }

    /** Looks the config up (one read) and continues as {@link #accessTokenFor(InternalOAuthConfig, String)}. */
    public Uni<AccessTokenResult> accessTokenFor(String orgId, String configId, String userId) {
        return configs.find(orgId, configId)
                .chain(found -> found.isEmpty()
                        ? Uni.createFrom().item(AccessTokenResult.failure(FailureReason.CONFIG_REMOVED, "the configuration no longer exists"))
                        : accessTokenFor(found.get(), userId))
                .onFailure(ConfigServiceGateway.ConfigServiceUnavailableException.class)
                .recoverWithItem(AccessTokenResult.failure(FailureReason.CONFIG_SERVICE_UNAVAILABLE,
                        "the configuration service is unavailable; try again later"));
    }

    /** For a config the caller has already read in this request: no second read of it. */
    public Uni<AccessTokenResult> accessTokenFor(InternalOAuthConfig config, String userId) {
        AccessTokenCache.Hit hit = cache.get(config.orgId(), config.id().toString(), userId, Consent.fingerprint(config), Instant.now());
        if (hit != null) {
            return Uni.createFrom().item(AccessTokenResult.ok(hit.accessToken(), hit.expiresAt()));
        }
        long stamp = cache.stamp();
        return tokens.find(config.orgId(), config.id().toString(), userId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(AccessTokenResult.failure(FailureReason.NOT_SIGNED_IN, "no sign-in for this config"));
            }
            TokenRow row = found.get();
            AccessTokenResult blocked = blockedReason(row, config);
            if (blocked != null) {
                return Uni.createFrom().item(blocked);
            }
            Instant now = Instant.now();
            if (policy.usable(row, now)) {
                String accessToken = cipher.open(row.accessSealed(), row.context());
                Instant until = policy.handOutUntil(row);
                cache.put(stamp, config.orgId(), config.id().toString(), userId, accessToken, until, policy.usableUntil(row),
                        row.consentFingerprint(), now);
                return Uni.createFrom().item(AccessTokenResult.ok(accessToken, until));
            }
            return singleFlight(config, userId);
        });
    }

    /** One refresh per key in this process; late arrivals share its outcome. */
    private Uni<AccessTokenResult> singleFlight(InternalOAuthConfig config, String userId) {
        String key = config.orgId() + "|" + config.id() + "|" + userId;
        CompletableFuture<AccessTokenResult> mine = new CompletableFuture<>();
        CompletableFuture<AccessTokenResult> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return Uni.createFrom().completionStage(running);
        }
        refresher.refreshUnderLock(config, userId).subscribe().with(
                result -> {
                    inFlight.remove(key, mine);
                    mine.complete(result);
                },
                failure -> {
                    inFlight.remove(key, mine);
                    mine.completeExceptionally(failure);
                });
        return Uni.createFrom().completionStage(mine);
    }

    /** The reasons a stored row cannot give a token whatever its expiry; null when none applies. */
    static AccessTokenResult blockedReason(TokenRow row, InternalOAuthConfig config) {
        return switch (row.status()) {
            case REVOKED -> AccessTokenResult.failure(FailureReason.REVOKED, "the user signed out of this config");
            // A config change event that touched issuer, client or scopes drops the tokens with this reason.
            case REAUTH_REQUIRED -> TokenRow.CONSENT_REQUIRED_REASON.equals(row.statusReason())
                    ? AccessTokenResult.failure(FailureReason.CONSENT_REQUIRED,
                    "the configuration changed (issuer, client or scopes); the user must sign in again")
                    : AccessTokenResult.failure(FailureReason.REFRESH_FAILED,
                    "the provider no longer accepts the sign-in; the user must sign in again");
            case ACTIVE -> Consent.fingerprint(config).equals(row.consentFingerprint()) ? null
                    : AccessTokenResult.failure(FailureReason.CONSENT_REQUIRED,
                    "the configuration changed (issuer, client, scopes or audience); the user must sign in again");
        };
    }
}
