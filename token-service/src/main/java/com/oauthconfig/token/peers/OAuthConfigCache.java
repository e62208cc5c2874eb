package com.oauthconfig.token.peers;

import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Full configs (secret included) from the config-service, cached per (org, config) and per
 * (org, title). Change events call {@link #evict}; the TTL is only a safety net for a missed event.
 */
@ApplicationScoped
public class OAuthConfigCache {

    private record Key(String orgId, String configId) {
    }

    private record Entry(Optional<InternalOAuthConfig> config, Instant loadedAt) {
    }

    private record TitleKey(String orgId, String title) {
    }

    private final ConfigServiceGateway gateway;
    private final TokenServiceConfig settings;
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();
    private final Map<TitleKey, Entry> byTitle = new ConcurrentHashMap<>();

    public OAuthConfigCache(ConfigServiceGateway gateway, TokenServiceConfig settings) {
        this.gateway = gateway;
        this.settings = settings;
    }

    /** The config, or empty when the config-service says it does not exist in this organisation. */
    public Uni<Optional<InternalOAuthConfig>> find(String orgId, String configId) {
        Key key = new Key(orgId, configId);
        Entry entry = cache.get(key);
        if (entry != null && entry.loadedAt().plus(settings.configSource().cacheTtl()).isAfter(Instant.now())) {
            return Uni.createFrom().item(entry.config());
        }
        return unavailableAsDependencyFailure(gateway.fetch(orgId, configId))
                .invoke(found -> {
            // Only present configs are cached: a config created right after a 404 must be seen at once.
            if (found.isPresent()) {
                cache.put(key, new Entry(found, Instant.now()));
            } else {
                cache.remove(key);
            }
        });
    }

    /**
     * Reads the config afresh from the config-service, scoped by the organisation, and only once
     * it is known to be this organisation's config replaces every cached copy of it (by id and by
     * title). A caller naming another organisation's config id gets empty and evicts nothing.
     */
    public Uni<Optional<InternalOAuthConfig>> reload(String orgId, String configId) {
        return unavailableAsDependencyFailure(gateway.fetch(orgId, configId))
                .map(found -> found.filter(c -> orgId.equals(c.orgId()) && configId.equals(c.id().toString())))
                .invoke(found -> {
                    if (found.isPresent()) {
                        evict(configId);
                        cache.put(new Key(orgId, configId), new Entry(found, Instant.now()));
                    } else {
                        // Only this organisation's own key: another organisation's copy is not ours to drop.
                        cache.remove(new Key(orgId, configId));
                    }
                });
    }

    /**
     * The config of the organisation with this title, cached like {@link #find} (and filling its
     * cache); empty when the config-service has none.
     */
    public Uni<Optional<InternalOAuthConfig>> findByTitle(String orgId, String title) {
        TitleKey key = new TitleKey(orgId, title);
        Entry entry = byTitle.get(key);
        if (entry != null && entry.loadedAt().plus(settings.configSource().cacheTtl()).isAfter(Instant.now())) {
            return Uni.createFrom().item(entry.config());
        }
        return unavailableAsDependencyFailure(gateway.fetchByTitle(orgId, title))
                .invoke(found -> {
                    // A config of another organisation is never accepted, whatever a faulty dependency answers.
                    if (found.isPresent() && orgId.equals(found.get().orgId()) && title.equals(found.get().title())) {
                        Entry fresh = new Entry(found, Instant.now());
                        byTitle.put(key, fresh);
                        cache.put(new Key(orgId, found.get().id().toString()), fresh);
                    } else {
                        byTitle.remove(key);
                    }
                })
                .map(found -> found.filter(c -> orgId.equals(c.orgId()) && title.equals(c.title())));
    }

    /** The cached copy (secret included) if there is one, without asking the config-service. */
    public Optional<InternalOAuthConfig> cached(String orgId, String configId) {
        Entry entry = cache.get(new Key(orgId, configId));
        return entry == null ? Optional.empty() : entry.config();
    }

    private static Uni<Optional<InternalOAuthConfig>> unavailableAsDependencyFailure(Uni<Optional<InternalOAuthConfig>> call) {
        return call.onFailure(f -> f instanceof CircuitBreakerOpenException || f instanceof TimeoutException)
                .transform(f -> new ConfigServiceGateway.ConfigServiceUnavailableException(
                        "config-service unavailable (" + f.getClass().getSimpleName() + ")"));
    }

    /** Forgets a config everywhere it is cached, under its id and its title (called on change events). */
    public void evict(String configId) {
        cache.keySet().removeIf(k -> k.configId().equals(configId));
        byTitle.values().removeIf(e -> e.config().map(c -> c.id().toString().equals(configId)).orElse(true));
    }

    public void evictAll() {
        cache.clear();
        byTitle.clear();
    }
}
