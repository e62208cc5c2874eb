package com.oauthconfig.common.crypto;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Key rotation's background half: moves a service's sealed rows off retired keys, one batch per
 * scheduled run. A service subclasses it (as a {@code @Singleton}: a normal scope would need a no-argument constructor) to put its own schedule ({@code <service>.crypto.rewrap-*})
 * on {@link #runOnce()}.
 */
public abstract class RewrapJob {

    private static final Logger LOG = Logger.getLogger(RewrapJob.class);

    private final SealedRows rows;
    private final KeyRingSettings settings;

    protected RewrapJob(SealedRows rows, KeyRingSettings settings) {
        this.rows = rows;
        this.settings = settings;
    }

    /** One batch now; how many rows moved to the active key. */
    public Uni<Integer> rewrapBatch() {
        return rows.rewrapBatch(settings.rewrapBatchSize());
    }

    /** A scheduled run: never fails the scheduler, logs counts and the failure's type only. */
    protected Uni<Void> runOnce() {
        return rewrapBatch().invoke(n -> {
            if (n > 0) {
                LOG.infof("rewrapped %d %s to key %s", n, rows.description(), settings.activeKeyId());
            }
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("rewrap of %s failed: %s", rows.description(), e.getClass().getSimpleName());
            return 0;
        }).replaceWithVoid();
    }
}
