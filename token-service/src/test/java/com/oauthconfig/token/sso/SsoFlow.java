package com.oauthconfig.token.sso;

import com.nimbusds.jose.JOSEObjectType;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** The browser's part of the SSO sign-in against the running service and the rig's provider. */
public final class SsoFlow {

    public static final String ISSUER = "acme-okta";
    public static final String CALLBACK = "https://token.example.test/sso/callback";
    public static final String RETURN = "https://id.platform.example.test/sso/assertion";
    public static final String DOMAIN = "acme.example";
    /** What the platform's login would send: the value it bound to the browser. */
    public static final String RELAY_STATE = "platform-login.7f3a";
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern ASSERTION = Pattern.compile("name=\"assertion\" value=\"([^\"]+)\"");

    private SsoFlow() {
    }

    /** An SSO config of a new organisation at the rig's provider, registered at the fake config-service. */
    public static JsonObject ssoConfig() {
        JsonObject config = Fixtures.register(Fixtures.config(Fixtures.newOrg(), ISSUER).put("ssoEnabled", true)
                .put("scopes", new JsonArray().add("openid").add("profile").add("offline_access"))
                .put("redirectUrls", new JsonArray().add(Fixtures.REDIRECT).add(CALLBACK)));
        FakeConfigService.ssoDomains(java.util.UUID.fromString(config.getString("id")), DOMAIN);
        return config;
    }

    /** What a start left in the browser: the provider URL and the binding cookie. */
    public record Started(Response response, String location, String binding) {
        public Map<String, String> query() {
            return Fixtures.query(URI.create(location).getRawQuery());
        }
    }

    public static RequestSpecification browser(String binding) {
        RequestSpecification spec = given().redirects().follow(false);
        return binding == null ? spec : spec.cookie(BrowserBinding.COOKIE, binding);
    }

    public static Response startResponse(JsonObject config, String email) {
        return browser(null).queryParam("orgId", config.getString("orgId")).queryParam("configId", config.getString("id"))
                .queryParam("email", email).queryParam("relayState", RELAY_STATE).get("/sso/start");
    }

    public static Started start(JsonObject config, String email) {
        Response r = startResponse(config, email);
        if (r.statusCode() != 302) {
            throw new AssertionError("start answered " + r.statusCode() + ": " + r.asString());
        }
        return new Started(r, r.header("Location"), r.getCookie(BrowserBinding.COOKIE));
    }

    /** The provider's redirect back (to the public callback URL), as its query; the rig signs the user in at once. */
    public static Map<String, String> atProvider(Started started) {
        try {
            HttpResponse<String> r = BROWSER.send(HttpRequest.newBuilder(URI.create(started.location())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect: " + r.statusCode()));
            if (!location.startsWith(CALLBACK + "?")) {
                throw new AssertionError("redirected elsewhere: " + location);
            }
            return Fixtures.query(URI.create(location).getRawQuery());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The browser arriving at the callback with the provider's query and the given binding cookie (null: none). */
    public static Response callback(Map<String, String> query, String binding) {
        RequestSpecification spec = browser(binding);
        query.forEach(spec::queryParam);
        return spec.get("/sso/callback");
    }

    /** The ID token the rig issues at the next code exchange of {@link #ISSUER}: these claims, for this client. */
    public static void providerSays(JsonObject config, String subject, Map<String, Object> claims) {
        Rig.oidc().server().enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, subject, JOSEObjectType.JWT.getType(),
                List.of(config.getString("clientId")), claims, 300));
    }

    public static String assertionIn(String html) {
        Matcher m = ASSERTION.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no assertion in the page");
        }
        return m.group(1);
    }

    public static long states(JsonObject config) {
        return ((Number) Fixtures.row("select count(*) as n from sso_state where org_id = ?", config.getString("orgId")).get("n")).longValue();
    }
}
