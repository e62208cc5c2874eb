package com.oauthconfig.bench;

import com.oauthconfig.localstack.LocalStack;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Setup through the services' public APIs as their users would do it (configs, sign-ins,
 * removals), plus direct database access where the benchmark needs to seed many rows or observe
 * the outcome without adding HTTP load (aliases, token rows).
 */
final class Platform {

    static final String REDIRECT = "https://app.example.test/oauth/done";
    static final String TOKEN_DB = "token_service";
    static final String ALIAS_DB = "credential_alias_service";

    final LocalStack stack;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Platform(LocalStack stack) {
        this.stack = stack;
    }

    String config() {
        return stack.url(LocalStack.CONFIG);
    }

    String token() {
        return stack.url(LocalStack.TOKEN);
    }

    static String newOrg() {
        return "bench-" + UUID.randomUUID();
    }

    String adminToken(String org) {
        return stack.oidc().platformToken("bench-admin", org, "ADMIN");
    }

    String userToken(String org, String user) {
        return stack.oidc().platformToken(user, org, "MEMBER");
    }

    /** The function runtime's token (SERVICE role): the one caller the token-service's injection endpoints accept by default. */
    String serviceToken() {
        return stack.oidc().serviceToken("function-runtime");
    }

    /** The create body of an OPENID config whose provider is the rig's issuer {@code issuerId}. */
    JsonObject configBody(String title, String issuerId) {
        return new JsonObject()
                .put("name", "Bench " + title)
                .put("title", title)
                .put("type", "OPENID")
                .put("domains", new JsonArray().add("*"))
                .put("redirectUrls", new JsonArray().add(REDIRECT))
                .put("clientId", "bench-client")
                .put("clientSecret", "bench-secret-" + UUID.randomUUID())
                .put("issuer", stack.oidc().issuer(issuerId))
                .put("scopes", new JsonArray().add("openid").add("profile").add("offline_access"));
    }

    /** Creates a config through the config-service API; returns its id. */
    String createConfig(String org, String title, String issuerId) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(config() + "/api/orgs/" + org + "/oauth-configs"))
                .header("Authorization", "Bearer " + adminToken(org)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(configBody(title, issuerId).encode())));
        expect(r, 201, "create config");
        return new JsonObject(r.body()).getString("id");
    }

    /** Removes a config (force: its aliases are flagged, not a 409); returns when the 2xx arrived. */
    void removeConfig(String org, String configId) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(config() + "/api/orgs/" + org + "/oauth-configs/" + configId
                        + "?force=true")).header("Authorization", "Bearer " + adminToken(org)).DELETE());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("remove config answered " + r.statusCode() + ": " + excerpt(r.body()));
        }
    }

    /** The user's whole code flow: authorize at the token-service, the provider's redirect, the callback. */
    void signIn(String org, String configId, String user) {
        String userToken = userToken(org, user);
        HttpResponse<String> start = send(HttpRequest.newBuilder(URI.create(token() + "/api/orgs/" + org + "/oauth-configs/"
                        + configId + "/authorize")).header("Authorization", "Bearer " + userToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        expect(start, 200, "authorize");
        String authorizationUrl = new JsonObject(start.body()).getString("authorizationUrl");
        HttpResponse<String> provider = send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET());
        expect(provider, 302, "provider authorize");
        String location = provider.headers().firstValue("Location").orElseThrow();
        Map<String, String> q = query(URI.create(location).getRawQuery());
        HttpResponse<String> callback = send(HttpRequest.newBuilder(URI.create(token() + "/api/oauth/callback?code="
                        + enc(q.get("code")) + "&state=" + enc(q.get("state")))).header("Authorization", "Bearer " + userToken).GET());
        expect(callback, 200, "callback");
    }

    /** The user's access token as the resolve endpoint hands it to a trusted service. */
    String resolve(String org, String user, String reference) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(token() + "/api/tokens/resolve"))
                .header("Authorization", "Bearer " + serviceToken()).header(USER_TOKEN, userToken(org, user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(resolveBody(org, user, reference))));
        expect(r, 200, "POST /api/tokens/resolve");
        return new JsonObject(r.body()).getString("accessToken");
    }

    /** The end user's own platform token, without which the injection endpoints act for nobody. */
    static final String USER_TOKEN = "X-User-Token";

    /** The injection endpoints' headers for a call acting for {@code user}: the runtime's token and the user's own. */
    MultiMap injectionHeaders(String org, String user) {
        return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + serviceToken())
                .add(USER_TOKEN, userToken(org, user)).add("Content-Type", "application/json");
    }

    /** A resolve body; {@code url} is the address the resolving service says it will call (judged, never contacted). */
    static String resolveBody(String org, String user, String reference) {
        return new JsonObject().put("orgId", org).put("userId", user).put("tokenReference", reference)
                .put("url", "https://api.example.test/bench").encode();
    }

    static String executeBody(String org, String user, String reference, String url) {
        return new JsonObject().put("orgId", org).put("userId", user).put("tokenReference", reference)
                .put("method", "GET").put("url", url).encode();
    }

    /** {@code count} OK aliases of one config spread over 100 solutions, written straight into the alias service's table. */
    void seedAliases(String org, String configId, int count) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = stack.postgres().connect(ALIAS_DB);
             PreparedStatement insert = c.prepareStatement("""
                     insert into solution_credential (id, org_id, solution_id, name, type, oauth_config_id, status, version, created_at, updated_at)
                     values (?, ?, ?, ?, 'OAUTH_ALIAS', ?, 'OK', 0, ?, ?)""")) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, org);
                insert.setString(3, "sol-" + (i % 100));
                insert.setString(4, "alias-" + i);
                insert.setObject(5, UUID.fromString(configId));
                insert.setTimestamp(6, now);
                insert.setTimestamp(7, now);
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("seeding aliases failed: " + e.getMessage(), e);
        }
    }

    int update(String database, String sql, Object... params) {
        try (Connection c = stack.postgres().connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + " (expected " + status + "): " + excerpt(r.body()));
        }
    }

    static String excerpt(String body) {
        String s = body == null ? "" : body.replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> q = new LinkedHashMap<>();
        if (rawQuery == null) {
            return q;
        }
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return q;
    }
}
