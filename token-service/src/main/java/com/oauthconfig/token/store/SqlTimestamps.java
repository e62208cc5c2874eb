package com.oauthconfig.token.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants to and from PostgreSQL {@code timestamptz} columns (UTC), null-safe, for the plain-SQL repositories. */
public final class SqlTimestamps {

    private SqlTimestamps() {
    }

    public static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime o) {
        return o == null ? null : o.toInstant();
    }
}
