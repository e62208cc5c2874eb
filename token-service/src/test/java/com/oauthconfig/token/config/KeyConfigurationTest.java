package com.oauthconfig.token.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Production supplies the token store's key ring through environment variables, shaped like the config-service's. */
class KeyConfigurationTest {

    @Test
    void keysAndActiveKeyIdComeFromEnvironmentVariables() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of(
                        "TOKEN_SERVICE_CRYPTO_ACTIVE_KEY_ID", "kek2026",
                        "TOKEN_SERVICE_CRYPTO_KEYS_KEK2026", "a2V5LW9uZQ==",
                        "TOKEN_SERVICE_CRYPTO_KEYS_KEK2025", "a2V5LXR3bw=="), 300))
                // Durations and sizes written as Quarkus writes them ("5M", "1M"), as in the running service.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(TokenServiceConfig.class)
                .build();
        TokenServiceConfig mapped = config.getConfigMapping(TokenServiceConfig.class);
        assertEquals("kek2026", mapped.crypto().activeKeyId());
        assertEquals(Map.of("kek2026", "a2V5LW9uZQ==", "kek2025", "a2V5LXR3bw=="), mapped.crypto().keys());
    }
}
