package com.oauthconfig.config.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Production supplies key-encryption keys through environment variables; this is how they map. */
class KeyConfigurationTest {

    @Test
    void keysAndActiveKeyIdComeFromEnvironmentVariables() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of(
                        "CONFIG_SERVICE_CRYPTO_ACTIVE_KEY_ID", "kek2026",
                        "CONFIG_SERVICE_CRYPTO_KEYS_KEK2026", "a2V5LW9uZQ==",
                        "CONFIG_SERVICE_CRYPTO_KEYS_KEK2025", "a2V5LXR3bw=="), 300))
                // Durations as Quarkus reads them (24H), as the running service does.
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(ConfigServiceConfig.class)
                .build();
        ConfigServiceConfig mapped = config.getConfigMapping(ConfigServiceConfig.class);
        assertEquals("kek2026", mapped.crypto().activeKeyId());
        assertEquals(Map.of("kek2026", "a2V5LW9uZQ==", "kek2025", "a2V5LXR3bw=="), mapped.crypto().keys());
        assertEquals(false, mapped.allowPrivateEndpoints());
    }

    @Test
    void rewrapSelectsTheRingsOtherKeyIdsExactlyEvenWhenTheyContainLikeWildcards() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        com.oauthconfig.common.crypto.EnvelopeCipher cipher = new com.oauthconfig.common.crypto.EnvelopeCipher(
                com.oauthconfig.common.crypto.KeyRing.of("kek_2026", Map.of("kek_2026", key, "kek-2025", key, "kek_2024", key)));
        assertEquals(java.util.List.of("kek-2025", "kek_2024"), java.util.List.of(cipher.retiredKeyIds()));
    }
}
