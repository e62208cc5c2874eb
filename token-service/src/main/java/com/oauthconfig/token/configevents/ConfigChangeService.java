package com.oauthconfig.token.configevents;

import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.provider.ClientCredentialsService;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.revocation.RevocationJobRunner;
import com.oauthconfig.token.store.AccessTokenCache;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the service in step with config changes. In the event's transaction the writer records
 * it and queues revocation jobs for the tokens it retires ({@link ConfigChangeWriter}); after the
 * commit this replica's caches of the config (the config itself, its
 * client-credentials tokens, provider metadata) are dropped, and the revocation jobs the
 * transaction queued are started at once. What revocation needs (the provider and secret of the
 * config as it was) comes from the config-service's retired copy, never from a cache.
 */
@ApplicationScoped
public class ConfigChangeService {

    private final OAuthConfigCache configs;
    private final ClientCredentialsService clientCredentials;
    private final DiscoveryService discovery;
    private final AccessTokenCache accessTokens;
    private final RevocationJobRunner revocations;

    public ConfigChangeService(OAuthConfigCache configs, ClientCredentialsService clientCredentials,
                              DiscoveryService discovery, AccessTokenCache accessTokens, RevocationJobRunner revocations) {
        this.configs = configs;
        this.clientCredentials = clientCredentials;
        this.discovery = discovery;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
    }

    /** After the event's transaction committed (whatever its outcome): caches dropped, queued revocations started. */
    public void afterCommit(ConfigChange event, ConfigChangeWriter.Written written) {
        evictCaches(event.orgId(), event.configId(), event.issuer());
        if (written != null && written.revocationJobs() > 0) {
            revocations.kick();
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
}
