package com.oauthconfig.common.crypto;

import io.smallrye.config.WithDefault;

import java.util.Map;

/**
 * The key ring of a service that seals data at rest, and its rewrap job's pace. Each such service's
 * configuration mapping extends this under its own prefix ({@code <service>.crypto.*}).
 */
public interface KeyRingSettings {

    /** Id of the key-encryption key that wraps new data keys; no default: production must supply it. */
    String activeKeyId();

    /**
     * Key-encryption keys by id, each base64 of 32 random bytes. A retired key stays until the
     * rewrap job has moved every sealed value off it (the readiness data says when).
     */
    Map<String, String> keys();

    /** How often the rewrap job runs (a Quarkus scheduler interval such as 1h). */
    @WithDefault("1h")
    String rewrapEvery();

    /** Delay before the rewrap job first runs after start. */
    @WithDefault("1m")
    String rewrapFirstAfter();

    /** How many rows the rewrap job re-encrypts per run. */
    @WithDefault("200")
    int rewrapBatchSize();

    /** The cipher over this ring; a missing or malformed key fails here, at start, never on a request. */
    default EnvelopeCipher cipher() {
        return new EnvelopeCipher(KeyRing.of(activeKeyId(), keys()));
    }
}
