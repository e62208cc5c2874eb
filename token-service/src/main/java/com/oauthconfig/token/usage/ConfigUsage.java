package com.oauthconfig.token.usage;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts direct uses of configs (a function naming a config's title) per organisation, config and
 * solution in memory and writes them in one batch every {@code token-service.usage.flush-every}, so
 * the injection path never waits for, nor fails on, a usage write. A crash loses at most one
 * interval's counts; "last used" is exact to that interval. This is a write buffer drained on every
 * flush, not a cache: nothing is ever read back from it.
 */
@ApplicationScoped
public class ConfigUsage {

    private static final Logger LOG = Logger.getLogger(ConfigUsage.class);
    /** Distinct keys held before a flush is started early (bounds memory under an unusual spread of keys). */
    static final int MAX_PENDING = 10_000;

    /** Uses not yet written. */
    public record Pending(String orgId, String configId, String solutionId, Instant lastUsedAt, long count) {
    }

    private record Key(String orgId, String configId, String solutionId) {
    }

    private final ConfigUsageRepository repository;
    private final Map<Key, Pending> pending = new ConcurrentHashMap<>();

    public ConfigUsage(ConfigUsageRepository repository) {
        this.repository = repository;
    }

    /** One use now; never fails the caller. */
    public void record(String orgId, String configId, String solutionId) {
        Instant now = Instant.now();
        pending.merge(new Key(orgId, configId, solutionId), new Pending(orgId, configId, solutionId, now, 1),
                (a, b) -> new Pending(a.orgId(), a.configId(), a.solutionId(), b.lastUsedAt(), a.count() + 1));
        if (pending.size() > MAX_PENDING) {
            flush().subscribe().with(n -> { }, f -> LOG.warnf("early usage flush failed: %s", f.getClass().getSimpleName()));
        }
    }

    @Scheduled(every = "${token-service.usage.flush-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledFlush() {
        return flush().onFailure().recoverWithItem(f -> {
            LOG.warnf("usage flush failed (%s); the counts are kept for the next one", f.getClass().getSimpleName());
            return 0;
        }).replaceWithVoid();
    }

    /**
     * Writes what was counted so far and returns how many keys it wrote. Each key is taken out
     * atomically; on failure its counts go back, merged with uses recorded meanwhile.
     */
    public Uni<Integer> flush() {
        List<Pending> batch = new ArrayList<>();
        for (Key key : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(key);
            if (p != null) {
                batch.add(p);
            }
        }
        return repository.add(batch).replaceWith(batch.size()).onFailure().invoke(f -> batch.forEach(p ->
                pending.merge(new Key(p.orgId(), p.configId(), p.solutionId()), p, (now, old) -> new Pending(now.orgId(),
                        now.configId(), now.solutionId(), now.lastUsedAt().isAfter(old.lastUsedAt()) ? now.lastUsedAt()
                        : old.lastUsedAt(), now.count() + old.count()))));
    }
}
