package com.oauthconfig.token.signin;

import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.store.TokenRepository;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.token.store.TokenStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Sign-out: revokes the grant at the provider (RFC 7009: the refresh token, the access token only
 * when there is no refresh token or its revocation failed) when it has a revocation endpoint, then
 * drops the local copies whatever the provider answered.
 */
@ApplicationScoped
public class SignOutService {

    private static final Logger LOG = Logger.getLogger(SignOutService.class);

    /** What happened; never contains a token. */
    public record Outcome(boolean hadTokens, boolean revokedAtProvider) {
    }

    private final OAuthConfigCache configs;
    private final GrantRevocation revocation;
    private final TokenRepository tokens;
    private final TokenStore store;

    public SignOutService(OAuthConfigCache configs, GrantRevocation revocation, TokenRepository tokens, TokenStore store) {
        this.configs = configs;
        this.revocation = revocation;
        this.tokens = tokens;
        this.store = store;
    }

    public Uni<Outcome> signOut(String orgId, String configId, String userId) {
        return tokens.find(orgId, configId, userId).chain(found -> {
            if (found.isEmpty() || found.get().status() != TokenRow.TokenStatus.ACTIVE) {
                return Uni.createFrom().item(new Outcome(false, false));
            }
            TokenRow row = found.get();
            return configs.find(orgId, configId)
                    .chain(config -> config.isEmpty() ? Uni.createFrom().item(false) : revocation.revoke(config.get(), row))
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
}
