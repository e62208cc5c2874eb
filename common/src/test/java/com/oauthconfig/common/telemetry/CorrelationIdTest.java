package com.oauthconfig.common.telemetry;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correlation ids made for requests that bring none: random version 4 UUIDs in their usual text. */
class CorrelationIdTest {

    @Test
    void newIdsAreVersionFourUuidsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = LogContextFilter.newId();
            UUID parsed = UUID.fromString(id);
            assertEquals(id, parsed.toString());
            assertEquals(4, parsed.version(), id);
            assertEquals(2, parsed.variant(), id);
            assertTrue(seen.add(id), "repeated " + id);
        }
    }

    @Test
    void aSafeInboundIdIsKeptAndAnyOtherIsReplacedByANewOne() {
        assertEquals("abc-123", LogContextFilter.correlationId("abc-123"));
        String replaced = LogContextFilter.correlationId("bad id\nwith a line break");
        assertEquals(4, UUID.fromString(replaced).version());
    }
}
