package com.oauthconfig.token.configevents;

import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.provider.ClientCredentialsService;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.revocation.RevocationJobRunner;
import com.oauthconfig.token.store.AccessTokenCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the service in step with config changes. After the event's transaction committed
 * ({@link ConfigChangeWriter}): this replica's caches of the config (the config itself, its
 * client-credentials tokens, provider metadata) are dropped, and the revocation jobs the
 * transaction queued are started at once. What revocation needs (the provider and secret of the
 * config as it was) comes from the config-service's retired copy, never from a cache.
 */
@ApplicationScoped
public class ConfigChangeService {

    private final ConfigChangeWriter writer;
    private final OAuthConfigCache configs;
    private final ClientCredentialsService clientCredentials;
    private final DiscoveryService discovery;
    private final AccessTokenCache accessTokens;
    private final RevocationJobRunner revocations;

    public ConfigChangeService(ConfigChangeWriter writer, OAuthConfigCache configs, ClientCredentialsService clientCredentials,
                              DiscoveryService discovery, AccessTokenCache accessTokens, RevocationJobRunner revocations) {
        this.writer = writer;
        this.configs = configs;
        this.clientCredentials = clientCredentials;
        this.discovery = discovery;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
    }

    public Uni<ConfigChangeWriter.Outcome> apply(ConfigChange event) {
        return writer.write(event).map(written -> {
            evictCaches(event.orgId(), event.configId(), event.issuer());
            if (written.revocationJobs() > 0) {
                revocations.kick();
            }
            return written.outcome();
        });
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
}
