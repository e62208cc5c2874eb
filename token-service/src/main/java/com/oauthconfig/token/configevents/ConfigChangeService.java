package com.oauthconfig.token.configevents;

import com.oauthconfig.contracts.config.InternalOAuthConfig;
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
 * Keeps the service in step with config changes. In the event's transaction the writer records
 * it and takes the tokens it invalidates ({@link ConfigChangeWriter}); after the commit the caches
 * of the config (the config itself, its client-credentials tokens, provider metadata) are dropped,
 * and the taken tokens are revoked at the provider where possible — best effort, never holding up
 * the event.
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

    /** What an applied event leaves for after the commit: the config as cached before it, and the tokens it took. */
    public record Applied(Optional<InternalOAuthConfig> previous, ConfigChangeWriter.Written written) {
    }

    /** Inside the event's transaction, for an event in version order. */
    public Uni<Applied> applyInOrder(ConfigChange event) {
        // The cached copy still has the old shape and the client secret that revocation needs (just
        // evicted, when this replica's eviction subscription handled the same event first).
        Optional<InternalOAuthConfig> previous = configs.cachedOrJustEvicted(event.orgId(), event.configId());
        return writer.applyInOrder(event).map(written -> new Applied(previous, written));
    }

    /** After the event's transaction committed (whatever its outcome): caches dropped, taken tokens revoked. */
    public void afterCommit(ConfigChange event, Applied applied) {
        Optional<InternalOAuthConfig> previous = applied == null ? Optional.empty() : applied.previous();
        evictCaches(event.orgId(), event.configId(), event.issuer());
        if (applied != null && !applied.written().dropped().isEmpty()) {
            revoke(event, previous, applied.written().dropped());
        }
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
    private void revoke(ConfigChange event, Optional<InternalOAuthConfig> previous, List<ConfigChangeWriter.DroppedTokens> dropped) {
        Optional<InternalOAuthConfig> issuedBy = previous.isPresent() || !event.removal() ? previous : event.carried();
        if (issuedBy.isEmpty()) {
            LOG.infof("%d token sets of config %s dropped without provider revocation (config unknown)", dropped.size(), event.configId());
            return;
        }
        InternalOAuthConfig config = issuedBy.get();
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

    private Uni<Integer> revokeOne(InternalOAuthConfig config, String endpoint, ConfigChangeWriter.DroppedTokens d) {
        Uni<Integer> refresh = d.refreshToken() == null ? Uni.createFrom().item(0)
                : provider.revoke(config, endpoint, d.refreshToken(), "refresh_token").replaceWith(1);
        Uni<Integer> access = d.accessToken() == null ? Uni.createFrom().item(0)
                : provider.revoke(config, endpoint, d.accessToken(), "access_token").replaceWith(0)
                // Providers may refuse access-token revocation (RFC 7009 allows it); the grant is gone with the refresh token.
                .onFailure().recoverWithItem(0);
        return refresh.onFailure().recoverWithItem(0).chain(r -> access.replaceWith(r));
    }
}
