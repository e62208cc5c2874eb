package com.oauthconfig.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack's OTLP receiver reads a real export (captured from the credential-alias-service:
 * two database client spans) and writes each span as one JSON line.
 */
class TraceCollectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] export() throws Exception {
        try (InputStream in = TraceCollectorTest.class.getResourceAsStream("/otlp/export-alias-service.bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aServicesExportIsReadSpanBySpanWithItsServiceIdsNameAndKind() throws Exception {
        List<OtlpSpans.Span> spans = OtlpSpans.read(export());
        assertEquals(2, spans.size(), spans.toString());
        assertEquals(List.of("SELECT", "SELECT outbox_event"), spans.stream().map(OtlpSpans.Span::name).toList());
        for (OtlpSpans.Span span : spans) {
            assertEquals("credential-alias-service", span.service());
            assertEquals("CLIENT", span.kind());
            assertTrue(span.traceId().matches("[0-9a-f]{32}"), span.traceId());
            assertTrue(span.spanId().matches("[0-9a-f]{16}"), span.spanId());
            assertTrue(span.startEpochNanos() > 1_700_000_000_000_000_000L && span.endEpochNanos() >= span.startEpochNanos(), span.toString());
        }
    }

    @Test
    void postedExportsPlainAndGzippedBecomeJsonLines(@TempDir Path dir) throws Exception {
        try (TraceCollector collector = TraceCollector.start(0, dir)) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(export());
            }
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create(collector.endpoint() + "/v1/traces");
            HttpResponse<Void> plain = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(export())).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<Void> gzipped = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-protobuf")
                    .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build(),
                    HttpResponse.BodyHandlers.discarding());
            HttpResponse<Void> garbage = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x0f}))
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, plain.statusCode());
            assertEquals(200, gzipped.statusCode());
            assertEquals(400, garbage.statusCode());

            List<String> lines = Files.readAllLines(collector.file());
            assertEquals(4, lines.size(), lines.toString());
            JsonNode first = JSON.readTree(lines.get(0));
            assertEquals("credential-alias-service", first.get("service").asText());
            assertEquals("SELECT", first.get("name").asText());
            assertEquals(lines.get(0), lines.get(2), "the gzipped export says the same");
        }
    }

    @Test
    void pastItsSizeLimitTheFileMovesAsideOnceSoAStackLeftRunningDoesNotFillTheDisk(@TempDir Path dir) throws Exception {
        try (TraceCollector collector = TraceCollector.start(0, dir, 1_000)) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create(collector.endpoint() + "/v1/traces");
            for (int i = 0; i < 12; i++) {
                assertEquals(200, http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(export())).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            Path previous = dir.resolve("spans.1.jsonl");
            assertTrue(Files.exists(previous), "the full file was moved aside");
            List<String> moved = Files.readAllLines(previous);
            long exportBytes = moved.get(0).length() + moved.get(1).length() + 2;
            assertTrue(Files.size(collector.file()) < 1_000 + exportBytes, "current file: " + Files.size(collector.file()) + " bytes");
            assertTrue(Files.size(previous) < 1_000 + exportBytes, "previous file: " + Files.size(previous) + " bytes");
            try (var files = Files.list(dir)) {
                assertEquals(List.of("spans.1.jsonl", "spans.jsonl"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                        "one earlier file is kept, no more");
            }
            List<String> last = Files.readAllLines(collector.file());
            assertEquals(0, last.size() % 2, "whole exports only: " + last.size());
            assertEquals("credential-alias-service", JSON.readTree(last.get(last.size() - 1)).get("service").asText());
        }
    }
}
