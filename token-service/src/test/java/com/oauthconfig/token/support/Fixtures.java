package com.oauthconfig.token.support;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.testing.ContractJson;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.token.store.AccessTokenCache;
import io.quarkus.arc.Arc;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;

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
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test data and the browser's part of the code flow, against the real rig. */
public final class Fixtures {

    public static final String DATABASE = "token_service";
    public static final String REDIRECT = "https://app.example.test/oauth/done";
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private Fixtures() {
    }

    public static String newOrg() {
        return "org-" + UUID.randomUUID();
    }

    /** A config of the given provider issuer on the rig, registered at the fake config-service. */
    public static JsonObject config(String orgId, String issuerId) {
        JsonObject c = new JsonObject()
                .put("id", UUID.randomUUID().toString())
                .put("orgId", orgId)
                .put("version", 1)
                .put("name", "Acme")
                .put("title", "acme.oauth.token")
                .put("type", "OKTA")
                .put("clientId", "acme-client-" + UUID.randomUUID())
                .put("clientSecret", "s3cret-" + UUID.randomUUID())
                .put("issuer", issuerId == null ? null : Rig.oidc().issuer(issuerId))
                .put("endpoints", new JsonObject())
                .put("usePkce", true)
                .put("useNonce", true)
                .put("scopes", new JsonArray().add("openid").add("profile").add("offline_access"))
                .put("redirectUrls", new JsonArray().add(REDIRECT))
                .put("loginHint", "{email}")
                .put("apiHosts", new JsonArray())
                .put("audience", null)
                .put("tenantId", null)
                .put("ssoEnabled", false)
                .put("ssoEmailAuthoritative", false);
        // The rig's provider then refuses this client's token and revocation calls without its secret.
        Rig.oidc().registerConfidentialClient(c.getString("clientId"), c.getString("clientSecret"));
        return c;
    }

    /**
     * Registers a config at the fake config-service. The test's JSON is read strictly into the
     * contract record (no unknown member, no coercion), and the fake serves that record's JSON,
     * checked against the internal read's schema.
     */
    public static JsonObject register(JsonObject config) {
        FakeConfigService.put(contract(config));
        return config;
    }

    /** The test's config JSON as the contract record (its serialisation checked against the schema). */
    public static InternalOAuthConfig contract(JsonObject config) {
        InternalOAuthConfig record = ContractJson.read(config.encode(), InternalOAuthConfig.class);
        ContractJson.write(ContractSchema.OAUTH_CONFIG_INTERNAL, record);
        return record;
    }

    public static String userToken(String user, String orgId) {
        return Rig.oidc().platformToken(user, orgId, "MEMBER");
    }

    public static String authorizationUrl(String token, String orgId, String configId) {
        return given().auth().oauth2(token).contentType("application/json").body("{\"loginHint\":\"ann@acme.example\"}")
                .when().post("/api/orgs/{org}/oauth-configs/{id}/authorize", orgId, configId)
                .then().statusCode(200).extract().path("authorizationUrl");
    }

    /** Opens the provider URL like a browser that stops at the redirect; returns the redirect's query. */
    public static Map<String, String> followToProvider(String authorizationUrl) {
        try {
            HttpResponse<String> r = BROWSER.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 302) {
                throw new AssertionError("provider answered " + r.statusCode() + " instead of a redirect: " + r.body());
            }
            String location = r.headers().firstValue("Location").orElseThrow();
            if (!location.startsWith(REDIRECT)) {
                throw new AssertionError("redirected elsewhere: " + location);
            }
            return query(URI.create(location).getRawQuery());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> query(String rawQuery) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return q;
    }

    public static Response callback(String token, String code, String state, String iss) {
        var spec = given().auth().oauth2(token).queryParam("state", state);
        if (code != null) {
            spec.queryParam("code", code);
        }
        if (iss != null) {
            spec.queryParam("iss", iss);
        }
        return spec.when().get("/api/oauth/callback");
    }

    /** The whole flow for one user: start, provider redirect, callback; asserts success. */
    public static void signIn(String user, String orgId, String configId) {
        String token = userToken(user, orgId);
        Map<String, String> redirect = followToProvider(authorizationUrl(token, orgId, configId));
        callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(200);
    }

    /**
     * The code flow for one user at the rig's authorization endpoint, the code redeemed at a config
     * whose token endpoint is {@code provider}: it answers with tokens and an ID token the rig signs.
     */
    public static void signInThrough(FakeProvider provider, JsonObject config, String user, String issuerId) {
        String org = config.getString("orgId");
        String token = userToken(user, org);
        String url = authorizationUrl(token, org, config.getString("id"));
        String nonce = query(url.substring(url.indexOf('?') + 1)).get("nonce");
        String idToken = Rig.oidc().server().issueToken(issuerId, "unused", new no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback(
                issuerId, user, com.nimbusds.jose.JOSEObjectType.JWT.getType(), java.util.List.of(config.getString("clientId")),
                Map.of("nonce", nonce), 300)).serialize();
        provider.answerJson(200, new JsonObject().put("access_token", "at-1-" + user).put("refresh_token", "rt-1-" + user)
                .put("expires_in", 300).put("id_token", idToken));
        Map<String, String> redirect = followToProvider(url);
        callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(200);
    }

    /**
     * Redeems a refresh token straight at a rig issuer's token endpoint, as anyone holding it could:
     * 200 while the provider still honours it, 400 once it was revoked or rotated out. (A 200 rotates it.)
     */
    public static int providerRefreshStatus(String issuerId, String refreshToken) {
        String form = "grant_type=refresh_token&client_id=probe&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        try {
            return BROWSER.send(HttpRequest.newBuilder(URI.create(Rig.oidc().issuer(issuerId) + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Plain SQL, as another replica or an operator would write. A change of {@code user_token}
     * reaches the service's token cache through the database notification sent at commit; this
     * waits until the running service has received it (as every replica does right after the
     * commit), so the test then sees what any later request sees.
     */
    public static int update(String sql, Object... params) {
        AccessTokenCache cache = tokenCache(sql);
        long before = cache == null ? 0 : cache.stamp();
        int count;
        try (Connection c = Rig.postgres().connect(DATABASE); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            count = ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (cache != null && count > 0) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.stamp() > before);
        }
        return count;
    }

    private static AccessTokenCache tokenCache(String sql) {
        if (!sql.contains("user_token") || Arc.container() == null || !Arc.container().isRunning()) {
            return null;
        }
        AccessTokenCache cache = Arc.container().instance(AccessTokenCache.class).get();
        return cache != null && cache.isListening() ? cache : null;
    }

    /** One row as column → value, or null. */
    public static Map<String, Object> row(String sql, Object... params) {
        try (Connection c = Rig.postgres().connect(DATABASE); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> tokenRow(String orgId, String configId, String user) {
        return row("select * from user_token where org_id = ? and config_id = ? and user_id = ?", orgId, configId, user);
    }

    /** Everything the database holds for this org, as one string, to search for plaintext. */
    public static String dumpOrg(String orgId) {
        StringBuilder sb = new StringBuilder();
        for (String table : new String[] {"user_token", "auth_state"}) {
            try (Connection c = Rig.postgres().connect(DATABASE);
                 PreparedStatement ps = c.prepareStatement("select t::text from " + table + " t where org_id = ?")) {
                ps.setString(1, orgId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append('\n');
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }
}
