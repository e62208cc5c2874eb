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
     * Rewraps up to {@code batchSize} values wrapped by the ring's other keys
     * ({@link EnvelopeCipher#retiredKeyIds()}) to the active key; returns how many moved. Never holds
     * one row's lock while waiting for another's: people edit these rows meanwhile.
     */
    Uni<Integer> rewrapBatch(int batchSize);

    /**
     * SQL for the key id of a sealed column ({@code v1.<kek>.…}). The key-id indexes the readiness
     * count relies on are built on exactly this expression.
     */
    static String keyIdOf(String column) {
        return "split_part(" + column + ", '.', 2)";
    }

    /**
     * SQL condition: the column is wrapped by another key than parameter {@code $1}. "Less or
     * greater" instead of "not equal" so PostgreSQL answers from the key-id index with range scans,
     * empty outside a rotation, instead of reading every row on every probe.
     */
    static String wrappedByOtherKeyThanParam1(String column) {
        return keyIdOf(column) + " < $1 or " + keyIdOf(column) + " > $1";
    }
}
