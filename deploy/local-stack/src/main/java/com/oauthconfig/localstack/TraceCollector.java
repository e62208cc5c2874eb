package com.oauthconfig.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * The local stack's trace collector: an OTLP/HTTP receiver ({@code POST /v1/traces}, protobuf,
 * gzip or not) that appends every span it receives as one JSON object per line to
 * {@code <data>/traces/spans.jsonl}. What a person on one machine needs to follow a request across
 * the services (grep a trace id) without running a tracing back end; an operator points the
 * services at a real collector with {@code OTEL_EXPORTER_OTLP_ENDPOINT} instead. A stack left
 * running does not fill the disk: past {@link #MAX_FILE_BYTES} the file becomes
 * {@code spans.1.jsonl} (replacing the one before) and a new one starts.
 */
final class TraceCollector implements AutoCloseable {

    /** 64 MiB: some hundred thousand spans, hours of a person's use of the stack. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Path file;
    private final Path previous;
    private final long maxFileBytes;

    private TraceCollector(HttpServer server, Path file, long maxFileBytes) {
        this.server = server;
        this.file = file;
        this.previous = file.resolveSibling("spans.1.jsonl");
        this.maxFileBytes = maxFileBytes;
    }

    /** Starts on loopback (port 0: a free port) writing to {@code dir/spans.jsonl}. */
    static TraceCollector start(int port, Path dir) throws IOException {
        return start(port, dir, MAX_FILE_BYTES);
    }

    static TraceCollector start(int port, Path dir, long maxFileBytes) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("spans.jsonl");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trace-collector");
            t.setDaemon(true);
            return t;
        }));
        TraceCollector collector = new TraceCollector(server, file, maxFileBytes);
        server.createContext("/v1/traces", collector::receive);
        server.start();
        return collector;
    }

    /** The OTLP/HTTP endpoint the services export to (the exporter adds {@code /v1/traces}). */
    String endpoint() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    Path file() {
        return file;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            List<OtlpSpans.Span> spans;
            try {
                spans = OtlpSpans.read(body);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            append(spans);
            // An empty ExportTraceServiceResponse: everything was accepted.
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private void append(List<OtlpSpans.Span> spans) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (OtlpSpans.Span span : spans) {
            lines.append(JSON.writeValueAsString(span)).append('\n');
        }
        // One writer thread (the server's executor): lines from different exports never interleave.
        if (Files.exists(file) && Files.size(file) >= maxFileBytes) {
            Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
