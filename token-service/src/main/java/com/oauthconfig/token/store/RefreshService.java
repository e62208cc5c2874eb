package com.oauthconfig.token.store;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.sql.PipelinedTransaction;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.handout.FailureReason;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.provider.ProviderException;
import com.oauthconfig.token.provider.ProviderTokenClient;
import com.oauthconfig.token.provider.TokenExpiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Refresh under a PostgreSQL row lock ({@code SELECT … FOR UPDATE}): every replica sharing the
 * database serialises on the row, re-checks it after the lock and only the first one calls the
 * provider. The rotated refresh token is written in the same transaction, so it is committed
 * before the lock is released and never lost.
 */
@ApplicationScoped
public class RefreshService {

    private static final Logger LOG = Logger.getLogger(RefreshService.class);

    private final TokenRepository tokens;
    private final EnvelopeCipher cipher;
    private final DiscoveryService discovery;
    private final ProviderTokenClient provider;
    private final TokenHandOutPolicy policy;
    private final TokenExpiry expiry;
    private final TokenStore store;
    private final MeterRegistry meters;

    public RefreshService(TokenRepository tokens, EnvelopeCipher cipher, DiscoveryService discovery,
                          ProviderTokenClient provider, TokenHandOutPolicy policy, TokenExpiry expiry,
                          TokenStore store, MeterRegistry meters) {
        this.meters = meters;
        this.tokens = tokens;
        this.cipher = cipher;
        this.discovery = discovery;
        this.provider = provider;
        this.policy = policy;
        this.expiry = expiry;
        this.store = store;
    }

    public Uni<AccessTokenResult> refreshUnderLock(InternalOAuthConfig config, String userId) {
        return PipelinedTransaction.run(tokens.pool(), tx -> tokens.findForUpdate(tx, config.orgId(), config.id().toString(), userId)
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(AccessTokenResult.failure(FailureReason.NOT_SIGNED_IN, "no sign-in for this config"));
                    }
                    TokenRow row = found.get();
                    AccessTokenResult blocked = AccessTokenService.blockedReason(row, config);
                    if (blocked != null) {
                        return Uni.createFrom().item(blocked);
                    }
                    if (policy.usable(row, Instant.now())) {
                        // Another request or replica refreshed while we waited for the lock.
                        return Uni.createFrom().item(AccessTokenResult.ok(cipher.open(row.accessSealed(), row.context()), policy.handOutUntil(row)));
                    }
                    if (row.refreshSealed() == null) {
                        count("no_refresh_token");
                        return store.dropTokens(tx, row.orgId(), row.configId(), row.userId(),
                                        TokenRow.TokenStatus.REAUTH_REQUIRED, "no_refresh_token")
                                .replaceWith(AccessTokenResult.failure(FailureReason.REFRESH_FAILED,
                                        "the provider issued no refresh token; the user must sign in again"));
                    }
                    return refresh(tx, config, row);
                }));
    }

    /**
     * Counter {@code token.refreshes} by {@code outcome}: refreshed, invalid_grant (the user must sign in
     * again), provider_unavailable (transient; the refresh token is kept), refused, no_refresh_token.
     */
    static final List<String> OUTCOMES = List.of("refreshed", "invalid_grant", "provider_unavailable", "refused", "no_refresh_token");

    /**
     * Every outcome's series exists from start, at zero: the refresh-failure-ratio alert then reads a
     * ratio from the first failure on, and a scrape lists the counter before any refresh happened.
     */
    void registerOutcomes(@Observes StartupEvent start) {
        OUTCOMES.forEach(outcome -> meters.counter("token.refreshes", "outcome", outcome));
    }

    private void count(String outcome) {
        meters.counter("token.refreshes", "outcome", outcome).increment();
    }

    private Uni<AccessTokenResult> refresh(SqlConnection tx, InternalOAuthConfig config, TokenRow row) {
        String refreshToken = cipher.open(row.refreshSealed(), row.context());
        Instant requestedAt = Instant.now();
        return discovery.metadata(config)
                .chain(meta -> provider.refresh(config, meta.tokenEndpoint(), refreshToken))
                .chain(response -> {
                    // Providers that do not rotate omit refresh_token: the old one stays valid and is kept.
                    String newRefresh = response.refreshToken() != null ? response.refreshToken() : refreshToken;
                    TokenRow updated = new TokenRow(row.orgId(), row.configId(), row.userId(), TokenRow.TokenStatus.ACTIVE,
                            cipher.seal(response.accessToken(), row.context()), cipher.seal(newRefresh, row.context()),
                            expiry.expiryOf(response, requestedAt), requestedAt,
                            response.scope() != null ? response.scope() : row.scopes(), row.idSubject(), row.idIssuer(),
                            config.version(), row.consentFingerprint(), null);
                    return store.save(tx, updated)
                            .invoke(() -> count("refreshed"))
                            .replaceWith(AccessTokenResult.ok(response.accessToken(), policy.handOutUntil(updated)));
                })
                .onFailure(ProviderException.class).recoverWithUni(f -> {
                    ProviderException p = (ProviderException) f;
                    LOG.infof("refresh for %s/%s %s failed: %s", row.orgId(), row.configId(), Hashes.userRef(row.userId()),
                            p.getMessage());
                    count(p.invalidGrant() ? "invalid_grant" : p.transientFailure() ? "provider_unavailable" : "refused");
                    if (p.invalidGrant()) {
                        return store.dropTokens(tx, row.orgId(), row.configId(), row.userId(),
                                        TokenRow.TokenStatus.REAUTH_REQUIRED, "invalid_grant")
                                .replaceWith(AccessTokenResult.failure(FailureReason.REFRESH_FAILED,
                                        "the provider no longer accepts the sign-in; the user must sign in again"));
                    }
                    if (p.transientFailure()) {
                        // Keep the refresh token; a still-valid access token keeps being served.
                        if (policy.stillValid(row, Instant.now())) {
                            return Uni.createFrom().item(AccessTokenResult.ok(cipher.open(row.accessSealed(), row.context()), policy.handOutUntil(row)));
                        }
                        return Uni.createFrom().item(AccessTokenResult.providerUnavailable(p.reasonCode()));
                    }
                    return Uni.createFrom().item(AccessTokenResult.failure(FailureReason.REFRESH_FAILED,
                            "the provider refused the refresh (" + (p.oauthError() == null ? "error" : p.oauthError()) + ")"));
                });
    }
}
