package com.oauthconfig.bench;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchPartsTest {

    @Test
    void namedPartsAreTakenAndAnUnknownOneIsRefusedWithTheListOfParts() {
        assertEquals(Set.of("config-api", "footprint"), Bench.parts("config-api, footprint"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Bench.parts("config-api,writes"));
        assertTrue(refused.getMessage().contains("'writes'") && refused.getMessage().contains("injection, single-flight"),
                refused.getMessage());
    }
}
