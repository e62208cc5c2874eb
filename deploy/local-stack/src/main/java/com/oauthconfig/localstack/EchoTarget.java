package com.oauthconfig.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.concurrent.Executors;

/**
 * A stand-in for a third-party API on loopback: it answers every request with what arrived — the
 * method, the path and what the {@code Authorization} header carried. So a person (or the
 * walkthrough) sees the user's token reach the API without the token itself being printed: the
 * answer shows the scheme, the token's length and the non-secret claims of a JWT (issuer, subject,
 * audience, expiry), never the token.
 */
final class EchoTarget implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;

    private EchoTarget(HttpServer server) {
        this.server = server;
    }

    /** Starts on loopback; port 0 picks a free port. */
    static EchoTarget start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "echo-target");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", EchoTarget::answer);
        server.start();
        return new EchoTarget(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            ObjectNode answer = JSON.createObjectNode();
            answer.put("method", exchange.getRequestMethod());
            answer.put("path", exchange.getRequestURI().getRawPath());
            answer.set("authorization", describe(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** What the header carried, without the credential itself. */
    static JsonNode describe(String header) {
        ObjectNode d = JSON.createObjectNode();
        if (header == null) {
            d.put("present", false);
            return d;
        }
        d.put("present", true);
        String[] parts = header.split(" ", 2);
        d.put("scheme", parts[0]);
        String token = parts.length > 1 ? parts[1] : "";
        d.put("tokenLength", token.length());
        String[] jwt = token.split("\\.");
        if (jwt.length == 3) {
            try {
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
                ObjectNode shown = d.putObject("claims");
                for (String claim : new String[] {"iss", "sub", "aud", "azp", "exp"}) {
                    if (claims.has(claim)) {
                        shown.set(claim, claims.get(claim));
                    }
                }
            } catch (IllegalArgumentException | IOException e) {
                d.put("claims", "not a readable JWT");
            }
        }
        return d;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
