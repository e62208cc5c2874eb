package com.oauthconfig.token.provider;

import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.peers.Consent;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.handout.FailureReason;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Client-credentials tokens for server-to-server configs, kept in memory until shortly before
 * they expire (or the platform's 15-minute lifetime ends). The cache key carries the config's
 * version and consent fingerprint, so a changed config never gets a token of its old shape.
 */
@ApplicationScoped
public class ClientCredentialsService {

    private record Cached(String token, Instant useUntil) {
    }

    private final OAuthConfigCache configs;
    private final DiscoveryService discovery;
    private final ProviderTokenClient provider;
    private final TokenExpiry expiry;
    private final TokenServiceConfig settings;
    /** Bounded; no token is kept past the platform lifetime whatever the provider said. */
    private final Cache<String, Cached> cache;
    /**
     * One fetch per key at a time (later callers share it); an entry leaves when its fetch ends, and
     * the bound and expiry only guard against a fetch that never does.
     */
    private final Map<String, Uni<AccessTokenResult>> inFlight;

    public ClientCredentialsService(OAuthConfigCache configs, DiscoveryService discovery, ProviderTokenClient provider,
                                    TokenExpiry expiry, TokenServiceConfig settings) {
        this.configs = configs;
        this.discovery = discovery;
        this.provider = provider;
        this.expiry = expiry;
        this.settings = settings;
        this.cache = Caffeine.newBuilder().maximumSize(settings.provider().cacheMaxSize())
                .expireAfterWrite(settings.tokens().platformLifetime()).build();
        this.inFlight = Caffeine.newBuilder().maximumSize(settings.provider().cacheMaxSize())
                .expireAfterWrite(Duration.ofMinutes(5)).<String, Uni<AccessTokenResult>>build().asMap();
    }

    public Uni<AccessTokenResult> tokenFor(String orgId, String configId) {
        return configs.find(orgId, configId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(AccessTokenResult.failure(FailureReason.CONFIG_REMOVED, "the configuration no longer exists"));
            }
            InternalOAuthConfig config = found.get();
            String key = orgId + "|" + configId + "|" + config.version() + "|" + Consent.fingerprint(config);
            Cached hit = cache.getIfPresent(key);
            if (hit != null && Instant.now().isBefore(hit.useUntil())) {
                return Uni.createFrom().item(AccessTokenResult.ok(hit.token(), hit.useUntil()));
            }
            return inFlight.computeIfAbsent(key, k -> fetch(config, k)
                    .onTermination().invoke(() -> inFlight.remove(k))
                    .memoize().indefinitely());
        }).onFailure(ConfigServiceGateway.ConfigServiceUnavailableException.class)
                .recoverWithItem(AccessTokenResult.failure(FailureReason.CONFIG_SERVICE_UNAVAILABLE,
                        "the configuration service is unavailable; try again later"));
    }

    private Uni<AccessTokenResult> fetch(InternalOAuthConfig config, String key) {
        Instant requestedAt = Instant.now();
        return discovery.metadata(config)
                .chain(meta -> provider.clientCredentials(config, meta.tokenEndpoint()))
                .map(response -> {
                    Instant exp = expiry.expiryOf(response, requestedAt);
                    Instant cap = requestedAt.plus(settings.tokens().platformLifetime());
                    Instant useUntil = (exp.isBefore(cap) ? exp : cap).minus(settings.tokens().clientCredentialsMargin());
                    cache.put(key, new Cached(response.accessToken(), useUntil));
                    return AccessTokenResult.ok(response.accessToken(), useUntil);
                })
                .onFailure(ProviderException.class).recoverWithItem(f -> ((ProviderException) f).transientFailure()
                        ? AccessTokenResult.providerUnavailable(((ProviderException) f).reasonCode())
                        : AccessTokenResult.failure(FailureReason.REFRESH_FAILED, "the provider refused the client credentials"));
    }

    /** Drops cached tokens of a config (config change events). */
    public void evict(String configId) {
        cache.asMap().keySet().removeIf(k -> k.split("\\|", 3)[1].equals(configId));
    }
}
