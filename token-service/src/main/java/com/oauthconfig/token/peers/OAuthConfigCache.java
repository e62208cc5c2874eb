package com.oauthconfig.token.peers;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.config.TokenServiceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.mutiny.Uni;
import com.oauthconfig.common.vertx.CallersContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Full configs (secret included) from the config-service, cached per (org, config) and per
 * (org, title) in bounded, expiring Caffeine caches. Concurrent misses for one key share the read
 * in flight, so a herd of requests for an uncached config makes one config-service call. Change
 * events call {@link #evict}; the TTL ({@code config-source.cache-ttl}, short because the entries
 * hold decrypted client secrets) is only a safety net for a missed event. Only present configs are
 * kept: a config created right after a "not found" must be seen at once.
 */
@ApplicationScoped
public class OAuthConfigCache {

    /** Bound on cached configs, per index (by id, by title). */
    static final int MAX_ENTRIES = 10_000;

    private record Key(String orgId, String configId) {
    }

    private record TitleKey(String orgId, String title) {
    }

    private final ConfigServiceGateway gateway;
    private final AsyncCache<Key, Optional<InternalOAuthConfig>> byId;
    private final AsyncCache<TitleKey, Optional<InternalOAuthConfig>> byTitle;

    public OAuthConfigCache(ConfigServiceGateway gateway, TokenServiceConfig settings, MeterRegistry meters) {
        this.gateway = gateway;
        this.byId = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(settings.configSource().cacheTtl())
                .recordStats().buildAsync();
        this.byTitle = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(settings.configSource().cacheTtl())
                .recordStats().buildAsync();
        CaffeineCacheMetrics.monitor(meters, byId, "oauth-config-by-id");
        CaffeineCacheMetrics.monitor(meters, byTitle, "oauth-config-by-title");
    }

    /** The config, or empty when the config-service says it does not exist in this organisation. */
    public Uni<Optional<InternalOAuthConfig>> find(String orgId, String configId) {
        Key key = new Key(orgId, configId);
        return shared(byId, key, () -> gateway.fetch(orgId, configId));
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
                    Key key = new Key(orgId, configId);
                    if (found.isPresent()) {
                        evict(configId);
                        byId.put(key, CompletableFuture.completedFuture(found));
                    } else {
                        // Only this organisation's own key: another organisation's copy is not ours to drop.
                        byId.synchronous().invalidate(key);
                    }
                });
    }

    /**
     * The config of the organisation with this title, cached like {@link #find} (and filling its
     * cache); empty when the config-service has none. A config of another organisation is never
     * accepted, whatever a faulty dependency answers.
     */
    public Uni<Optional<InternalOAuthConfig>> findByTitle(String orgId, String title) {
        TitleKey key = new TitleKey(orgId, title);
        return shared(byTitle, key, () -> gateway.fetchByTitle(orgId, title)
                .map(found -> found.filter(c -> orgId.equals(c.orgId()) && title.equals(c.title()))))
                .invoke(found -> found.ifPresent(c ->
                        byId.asMap().putIfAbsent(new Key(orgId, c.id().toString()), CompletableFuture.completedFuture(found))));
    }

    /** The cached copy (secret included) if there is one, without asking the config-service. */
    public Optional<InternalOAuthConfig> cached(String orgId, String configId) {
        CompletableFuture<Optional<InternalOAuthConfig>> entry = byId.getIfPresent(new Key(orgId, configId));
        return entry != null && entry.isDone() && !entry.isCompletedExceptionally() ? entry.join() : Optional.empty();
    }

    /**
     * Forgets a config everywhere it is cached, under its id and its title (called on change
     * events). Reads still in flight are dropped too, so an answer from before the change is not kept.
     */
    public void evict(String configId) {
        byId.asMap().keySet().removeIf(k -> k.configId().equals(configId));
        byTitle.asMap().values().removeIf(f -> !f.isDone() || f.isCompletedExceptionally()
                || f.join().map(c -> c.id().toString().equals(configId)).orElse(true));
    }

    public void evictAll() {
        byId.synchronous().invalidateAll();
        byTitle.synchronous().invalidateAll();
    }

    /**
     * The cached answer, or the read in flight for this key, or a new read that later callers share.
     * An empty answer is not kept; a failed read is dropped by the cache itself.
     */
    private static <K> Uni<Optional<InternalOAuthConfig>> shared(AsyncCache<K, Optional<InternalOAuthConfig>> cache, K key,
                                                         Supplier<Uni<Optional<InternalOAuthConfig>>> read) {
        CompletableFuture<Optional<InternalOAuthConfig>> present = cache.getIfPresent(key);
        if (present != null && present.isDone() && !present.isCompletedExceptionally()) {
            return Uni.createFrom().item(present.join());
        }
        CompletableFuture<Optional<InternalOAuthConfig>> future = cache.get(key, (k, executor) ->
                unavailableAsDependencyFailure(read.get()).subscribeAsCompletionStage());
        future.thenAccept(found -> {
            if (found.isEmpty()) {
                cache.asMap().remove(key, future);
            }
        });
        return onCallersContext(future);
    }

    /**
     * Each caller continues on its own Vert.x context (its database session is bound to it), not on
     * the thread that completed the shared read; and a caller that gives up cancels only its copy.
     */
    private static <T> Uni<T> onCallersContext(CompletableFuture<T> shared) {
        return CallersContext.resumeOnCallersContext(Uni.createFrom().completionStage(shared.copy())
                .onFailure(CompletionException.class).transform(e -> e.getCause() == null ? e : e.getCause()));
    }

    private static Uni<Optional<InternalOAuthConfig>> unavailableAsDependencyFailure(Uni<Optional<InternalOAuthConfig>> call) {
        return call.onFailure(f -> f instanceof CircuitBreakerOpenException || f instanceof TimeoutException)
                .transform(f -> new ConfigServiceGateway.ConfigServiceUnavailableException(
                        "config-service unavailable (" + f.getClass().getSimpleName() + ")"));
    }
}
