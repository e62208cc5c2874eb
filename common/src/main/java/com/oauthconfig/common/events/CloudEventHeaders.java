package com.oauthconfig.common.events;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The CloudEvents 1.0 Kafka protocol binding in binary mode: attributes travel as {@code ce_*}
 * headers and the record value is the event data, so any CloudEvents-aware subscriber reads it.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    /** The envelope attributes of one event. */
    public record Attributes(String id, String source, String type, String subject, Instant time, String dataSchema) {
    }

    public static Headers write(Attributes a) {
        RecordHeaders h = new RecordHeaders();
        put(h, SPEC_VERSION, "1.0");
        put(h, ID, a.id());
        put(h, SOURCE, a.source());
        put(h, TYPE, a.type());
        if (a.subject() != null) {
            put(h, SUBJECT, a.subject());
        }
        put(h, TIME, a.time().toString());
        if (a.dataSchema() != null) {
            put(h, DATA_SCHEMA, a.dataSchema());
        }
        put(h, CONTENT_TYPE, "application/json");
        return h;
    }

    /** Reads the attributes; empty when a required one (id, source, type) is missing. */
    public static Optional<Attributes> read(Headers headers) {
        String id = get(headers, ID);
        String source = get(headers, SOURCE);
        String type = get(headers, TYPE);
        if (id == null || source == null || type == null) {
            return Optional.empty();
        }
        String time = get(headers, TIME);
        Instant at;
        try {
            at = time == null ? null : Instant.parse(time);
        } catch (RuntimeException e) {
            at = null;
        }
        return Optional.of(new Attributes(id, source, type, get(headers, SUBJECT), at, get(headers, DATA_SCHEMA)));
    }

    private static void put(Headers h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String get(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
