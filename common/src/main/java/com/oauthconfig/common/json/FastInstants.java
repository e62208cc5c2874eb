package com.oauthconfig.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes {@link Instant}s exactly as {@link Instant#toString()} (ISO-8601, UTC, {@code Z}) but
 * without {@code DateTimeFormatter}, whose print context alone was 4 % of the token-service's CPU
 * on token resolution (every answer carries {@code expiresAt}). Whole seconds in years 0000–9999,
 * which is every instant these services write, are built from the date-time fields directly;
 * anything else goes through {@link Instant#toString()}.
 */
@Singleton
public class FastInstants implements ObjectMapperCustomizer {

    /** Applied last: a module registered later wins, and Quarkus registers Jackson's own java.time module before. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("fast-instants").addSerializer(Instant.class, new Serializer()));
    }

    static final class Serializer extends StdSerializer<Instant> {
        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, in seconds since the epoch. */
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long END_OF_YEAR_9999 = 253_402_300_799L;

    /** The same text as {@code instant.toString()}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (instant.getNano() != 0 || seconds < YEAR_0 || seconds > END_OF_YEAR_9999) {
            return instant.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int year = t.getYear();
        char[] c = new char[20];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
