package com.oauthconfig.token.client;

import com.oauthconfig.token.config.TokenServiceConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Full configs (secret included) from the config-service, cached per (org, config). Change events
 * (next issue) call {@link #evict}; the TTL is only a safety net for a missed event.
 */
@ApplicationScoped
public class ConfigSource {

    private record Key(String orgId, String configId) {
    }

    private record Entry(Optional<OAuthConfig> config, Instant loadedAt) {
    }

    private final ConfigServiceGateway gateway;
    private final TokenServiceConfig settings;
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();

    public ConfigSource(ConfigServiceGateway gateway, TokenServiceConfig settings) {
        this.gateway = gateway;
        this.settings = settings;
    }

    /** The config, or empty when the config-service says it does not exist in this organisation. */
    public Uni<Optional<OAuthConfig>> find(String orgId, String configId) {
        Key key = new Key(orgId, configId);
        Entry entry = cache.get(key);
        if (entry != null && entry.loadedAt().plus(settings.configSource().cacheTtl()).isAfter(Instant.now())) {
            return Uni.createFrom().item(entry.config());
        }
        return gateway.fetch(orgId, configId)
                .onFailure(f -> f instanceof CircuitBreakerOpenException || f instanceof TimeoutException)
                .transform(f -> new ConfigServiceGateway.ConfigServiceUnavailableException(
                        "config-service unavailable (" + f.getClass().getSimpleName() + ")"))
                .invoke(found -> {
            // Only present configs are cached: a config created right after a 404 must be seen at once.
            if (found.isPresent()) {
                cache.put(key, new Entry(found, Instant.now()));
            } else {
                cache.remove(key);
            }
        });
    }

    /** Forgets a config everywhere it is cached (called on change events). */
    public void evict(String configId) {
        cache.keySet().removeIf(k -> k.configId().equals(configId));
    }

    public void evictAll() {
        cache.clear();
    }
}
