package com.oauthconfig.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fast writer gives the very text Jackson's own Instant serializer (and Instant.toString) gives. */
class FastInstantsTest {

    private static final ObjectMapper STANDARD = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ObjectMapper FAST = fast();

    private static ObjectMapper fast() {
        ObjectMapper m = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        new FastInstants().customize(m);
        return m;
    }

    @Test
    void edgesAndFractionsAreWrittenAsBefore() throws Exception {
        for (Instant i : List.of(Instant.EPOCH, Instant.parse("1999-12-31T23:59:59Z"), Instant.parse("2000-02-29T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59Z"), Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2026-11-30T08:00:00.5Z"), Instant.parse("2026-11-30T08:00:00.000001Z"),
                Instant.MIN, Instant.MAX)) {
            assertEquals(STANDARD.writeValueAsString(i), FAST.writeValueAsString(i), i.toString());
            assertEquals(i.toString(), FastInstants.format(i));
        }
    }

    @Test
    void anyWholeSecondOrFractionInAWideRangeIsWrittenAsBefore() throws Exception {
        SplittableRandom random = new SplittableRandom(20261130);
        for (int n = 0; n < 200_000; n++) {
            long seconds = random.nextLong(-62_167_219_200L - 86_400L * 400, 253_402_300_800L + 86_400L * 400);
            int nanos = random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0;
            Instant i = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(i.toString(), FastInstants.format(i));
        }
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        assertEquals(STANDARD.writeValueAsString(now), FAST.writeValueAsString(now));
    }
}
