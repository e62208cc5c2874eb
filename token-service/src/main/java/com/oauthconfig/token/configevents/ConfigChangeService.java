package com.oauthconfig.token.configevents;

import com.oauthconfig.token.peers.OAuthConfig;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.provider.ClientCredentialsService;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.provider.ProviderTokenClient;
import com.oauthconfig.token.store.AccessTokenCache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Keeps the service in step with config changes. After the event's transaction committed
 * ({@link ConfigChangeWriter}): caches of the config (the config itself, its client-credentials
 * tokens, provider metadata) are dropped, and tokens taken out of the store are revoked at the
 * provider where possible — best effort, never holding up the event.
 */
@ApplicationScoped
public class ConfigChangeService {

    private static final Logger LOG = Logger.getLogger(ConfigChangeService.class);

    private final ConfigChangeWriter writer;
    private final OAuthConfigCache configs;
    private final ClientCredentialsService clientCredentials;
    private final DiscoveryService discovery;
    private final ProviderTokenClient provider;
    private final AccessTokenCache accessTokens;

    public ConfigChangeService(ConfigChangeWriter writer, OAuthConfigCache configs, ClientCredentialsService clientCredentials,
                              DiscoveryService discovery, ProviderTokenClient provider,
                              AccessTokenCache accessTokens) {
        this.writer = writer;
        this.configs = configs;
        this.clientCredentials = clientCredentials;
        this.discovery = discovery;
        this.provider = provider;
        this.accessTokens = accessTokens;
    }

    public Uni<ConfigChangeWriter.Outcome> apply(ConfigChange event) {
        // The cached copy still has the old shape and the client secret that revocation needs.
        Optional<OAuthConfig> previous = configs.cached(event.orgId(), event.configId());
        return writer.write(event).map(written -> {
            evict(event, previous);
            if (!written.dropped().isEmpty()) {
                revoke(event, previous, written.dropped());
            }
            return written.outcome();
        });
    }

    private void evict(ConfigChange event, Optional<OAuthConfig> previous) {
        evictCaches(event.orgId(), event.configId(), event.issuer());
    }

    /**
     * Drops this replica's cached copies of a config: the config (by id and title), its
     * client-credentials tokens, and the provider metadata of its old and new issuer.
     */
    public void evictCaches(String orgId, String configId, String newIssuer) {
        configs.cached(orgId, configId).ifPresent(c -> discovery.evict(DiscoveryService.expectedIssuer(c)));
        configs.evict(configId);
        clientCredentials.evict(configId);
        accessTokens.evictConfig(configId);
        if (newIssuer != null) {
            discovery.evict(newIssuer);
        }
    }

    /**
     * Removal: with the cached config (secret included) or else the event's copy (client id only).
     * Consent change: only with the cached previous config, the one the tokens were issued to.
     */
    private void revoke(ConfigChange event, Optional<OAuthConfig> previous, List<ConfigChangeWriter.DroppedTokens> dropped) {
        Optional<OAuthConfig> issuedBy = previous.isPresent() || !event.removal() ? previous : event.carried();
        if (issuedBy.isEmpty()) {
            LOG.infof("%d token sets of config %s dropped without provider revocation (config unknown)", dropped.size(), event.configId());
            return;
        }
        OAuthConfig config = issuedBy.get();
        discovery.metadata(config)
                .chain(meta -> meta.revocationEndpoint() == null ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(dropped)
                        .onItem().transformToUni(d -> revokeOne(config, meta.revocationEndpoint(), d)).merge(4)
                        .collect().with(java.util.stream.Collectors.summingInt(x -> x)))
                .subscribe().with(
                        n -> LOG.infof("config %s %s: %d of %d token sets revoked at the provider", event.configId(),
                                event.kind(), n, dropped.size()),
                        f -> LOG.infof("config %s %s: revocation at the provider failed (%s); local tokens are gone anyway",
                                event.configId(), event.kind(), f.getClass().getSimpleName()));
    }

    private Uni<Integer> revokeOne(OAuthConfig config, String endpoint, ConfigChangeWriter.DroppedTokens d) {
        Uni<Integer> refresh = d.refreshToken() == null ? Uni.createFrom().item(0)
                : provider.revoke(config, endpoint, d.refreshToken(), "refresh_token").replaceWith(1);
        Uni<Integer> access = d.accessToken() == null ? Uni.createFrom().item(0)
                : provider.revoke(config, endpoint, d.accessToken(), "access_token").replaceWith(0)
                // Providers may refuse access-token revocation (RFC 7009 allows it); the grant is gone with the refresh token.
                .onFailure().recoverWithItem(0);
        return refresh.onFailure().recoverWithItem(0).chain(r -> access.replaceWith(r));
    }
}
