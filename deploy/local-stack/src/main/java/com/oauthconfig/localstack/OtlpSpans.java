package com.oauthconfig.localstack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the spans of an OTLP/HTTP protobuf export ({@code ExportTraceServiceRequest}): only what a
 * person looking for a trace needs (service, ids, name, kind, times). A small reader of the
 * protobuf wire format rather than the generated OTLP classes: the launcher stays free of the
 * protobuf runtime, and unknown fields are skipped as the format intends.
 */
final class OtlpSpans {

    /** One span as written to the traces file. */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
                long startEpochNanos, long endEpochNanos) {
    }

    private static final String[] KINDS = {"UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};

    private OtlpSpans() {
    }

    static List<Span> read(byte[] exportRequest) {
        List<Span> spans = new ArrayList<>();
        Reader request = new Reader(exportRequest, 0, exportRequest.length);
        while (request.more()) {
            int field = request.tag();
            if (field == 1) {
                resourceSpans(request.message(), spans);
            } else {
                request.skip();
            }
        }
        return spans;
    }

    private static void resourceSpans(Reader r, List<Span> out) {
        String service = "unknown";
        List<Reader> scopes = new ArrayList<>();
        while (r.more()) {
            int field = r.tag();
            if (field == 1) {
                String name = serviceName(r.message());
                service = name == null ? service : name;
            } else if (field == 2) {
                scopes.add(r.message());
            } else {
                r.skip();
            }
        }
        for (Reader scope : scopes) {
            while (scope.more()) {
                if (scope.tag() == 2) {
                    out.add(span(scope.message(), service));
                } else {
                    scope.skip();
                }
            }
        }
    }

    /** The resource's {@code service.name} attribute. */
    private static String serviceName(Reader resource) {
        String found = null;
        while (resource.more()) {
            if (resource.tag() != 1) {
                resource.skip();
                continue;
            }
            Reader kv = resource.message();
            String key = null;
            String value = null;
            while (kv.more()) {
                int field = kv.tag();
                if (field == 1) {
                    key = kv.string();
                } else if (field == 2) {
                    Reader any = kv.message();
                    while (any.more()) {
                        if (any.tag() == 1) {
                            value = any.string();
                        } else {
                            any.skip();
                        }
                    }
                } else {
                    kv.skip();
                }
            }
            if ("service.name".equals(key)) {
                found = value;
            }
        }
        return found;
    }

    private static Span span(Reader s, String service) {
        String traceId = null;
        String spanId = null;
        String parent = null;
        String name = null;
        String kind = KINDS[0];
        long start = 0;
        long end = 0;
        while (s.more()) {
            int field = s.tag();
            switch (field) {
                case 1 -> traceId = s.hex();
                case 2 -> spanId = s.hex();
                case 4 -> parent = s.hex();
                case 5 -> name = s.string();
                case 6 -> {
                    long k = s.varint();
                    kind = k >= 0 && k < KINDS.length ? KINDS[(int) k] : String.valueOf(k);
                }
                case 7 -> start = s.fixed64();
                case 8 -> end = s.fixed64();
                default -> s.skip();
            }
        }
        return new Span(service, traceId, spanId, parent == null || parent.isEmpty() ? null : parent, name, kind, start, end);
    }

    /** A cursor over one message's bytes. */
    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;
        private int wireType;

        Reader(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        /** The next field's number (its wire type is kept for the value read that follows). */
        int tag() {
            long tag = varint();
            wireType = (int) (tag & 7);
            return (int) (tag >>> 3);
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte next = b[pos++];
                value |= (long) (next & 0x7f) << shift;
                if ((next & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        long fixed64() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value |= (long) (b[pos++] & 0xff) << (8 * i);
            }
            return value;
        }

        Reader message() {
            int length = (int) varint();
            Reader inner = new Reader(b, pos, pos + length);
            pos += length;
            return inner;
        }

        String string() {
            int length = (int) varint();
            String s = new String(b, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        String hex() {
            int length = (int) varint();
            String s = HexFormat.of().formatHex(b, pos, pos + length);
            pos += length;
            return s;
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    // Not "pos += varint()": Java reads pos before varint() moves it past the length.
                    int length = (int) varint();
                    pos += length;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }
    }
}
