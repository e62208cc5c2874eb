package com.oauthconfig.token.signin;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.provider.ProviderTokenClient;
import com.oauthconfig.token.store.TokenRepository;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.token.store.TokenStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Sign-out: revokes the refresh and access tokens at the provider (RFC 7009) when it has a
 * revocation endpoint, then drops the local copies whatever the provider answered.
 */
@ApplicationScoped
public class SignOutService {

    private static final Logger LOG = Logger.getLogger(SignOutService.class);

    /** What happened; never contains a token. */
    public record Outcome(boolean hadTokens, boolean revokedAtProvider) {
    }

    private final OAuthConfigCache configs;
    private final DiscoveryService discovery;
    private final ProviderTokenClient provider;
    private final TokenRepository tokens;
    private final TokenStore store;
    private final EnvelopeCipher cipher;

    public SignOutService(OAuthConfigCache configs, DiscoveryService discovery, ProviderTokenClient provider, TokenRepository tokens,
                          TokenStore store, EnvelopeCipher cipher) {
        this.configs = configs;
        this.discovery = discovery;
        this.provider = provider;
        this.tokens = tokens;
        this.store = store;
        this.cipher = cipher;
    }

    public Uni<Outcome> signOut(String orgId, String configId, String userId) {
        return tokens.find(orgId, configId, userId).chain(found -> {
            if (found.isEmpty() || found.get().status() != TokenRow.TokenStatus.ACTIVE) {
                return Uni.createFrom().item(new Outcome(false, false));
            }
            TokenRow row = found.get();
            return configs.find(orgId, configId)
                    .chain(config -> revokeAtProvider(config, row))
                    .onFailure().recoverWithItem(f -> {
                        LOG.infof("revocation for %s/%s failed (%s); local tokens are deleted anyway", orgId, configId,
                                f.getClass().getSimpleName());
                        return false;
                    })
                    .chain(revoked -> store.dropTokens(orgId, configId, userId,
                                    TokenRow.TokenStatus.REVOKED, "signed_out")
                            .replaceWith(new Outcome(true, revoked)));
        });
    }

    private Uni<Boolean> revokeAtProvider(Optional<InternalOAuthConfig> maybeConfig, TokenRow row) {
        if (maybeConfig.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        InternalOAuthConfig config = maybeConfig.get();
        return discovery.metadata(config).chain(meta -> {
            if (meta.revocationEndpoint() == null) {
                return Uni.createFrom().item(false);
            }
            // The refresh token first: revoking it ends the grant (and, at most providers, its access tokens).
            Uni<Boolean> refresh = row.refreshSealed() == null ? Uni.createFrom().item(false)
                    : provider.revoke(config, meta.revocationEndpoint(), cipher.open(row.refreshSealed(), row.context()), "refresh_token")
                    .replaceWith(true);
            return refresh.chain(revoked -> provider.revoke(config, meta.revocationEndpoint(),
                            cipher.open(row.accessSealed(), row.context()), "access_token")
                    .replaceWith(true)
                    // Many providers (and RFC 7009 allows it) refuse access-token revocation; the grant is gone already.
                    .onFailure().recoverWithItem(revoked));
        });
    }
}
