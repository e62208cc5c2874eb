package com.oauthconfig.token.signin;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.peers.Consent;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.provider.ProviderTokenClient;
import com.oauthconfig.token.store.TokenRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Revokes the grant a stored row holds (RFC 7009) at the provider of {@code config}, with the
 * client's authentication, when the provider has a revocation endpoint; for sign-out and for a new
 * sign-in that replaces the user's previous tokens.
 */
@ApplicationScoped
public class GrantRevocation {

    private final DiscoveryService discovery;
    private final ProviderTokenClient provider;
    private final EnvelopeCipher cipher;

    public GrantRevocation(DiscoveryService discovery, ProviderTokenClient provider, EnvelopeCipher cipher) {
        this.discovery = discovery;
        this.provider = provider;
        this.cipher = cipher;
    }

    /**
     * True when the provider revoked the row's refresh token (or, without one, its access token); false
     * without an endpoint, and false without any call when the row was issued under another consent
     * fingerprint: the provider moved (or consent changed) since, and the tokens never go to the new
     * origin (the config change event's revocation job revokes them where they were issued).
     */
    public Uni<Boolean> revoke(InternalOAuthConfig config, TokenRow row) {
        if (!Consent.fingerprint(config).equals(row.consentFingerprint())) {
            return Uni.createFrom().item(false);
        }
        return discovery.metadata(config).chain(meta -> {
            if (meta.revocationEndpoint() == null) {
                return Uni.createFrom().item(false);
            }
            return provider.revokeGrant(config, meta.revocationEndpoint(), open(row, row.refreshSealed()), open(row, row.accessSealed()));
        });
    }

    private String open(TokenRow row, String sealed) {
        return sealed == null ? null : cipher.open(sealed, row.context());
    }
}
