package com.oauthconfig.common.crypto;

import io.smallrye.mutiny.Uni;

/**
 * What key rotation needs from a service's store of sealed values: how many still depend on a
 * retired key, and moving one batch to the active key. Only data keys are rewrapped; values, their
 * versions and every other column stay, and a row edited meanwhile keeps the edit.
 */
public interface SealedRows {

    /** What the rows hold, for logs and the readiness check's name, e.g. "client secrets". */
    String description();

    /** Readiness data key of the retired count, e.g. {@code secretsOnRetiredKeys}. */
    String retiredCountName();

    /** How many sealed values are wrapped by another key than the active one (answered from an index). */
    Uni<Long> countOnRetiredKeys(String activeKeyId);

    /**
     * Rewraps up to {@code batchSize} values to the active key; returns how many moved. Never holds one
     * row's lock while waiting for another's: people edit these rows meanwhile.
     */
    Uni<Integer> rewrapBatch(String activeKeyId, int batchSize);
}
