package com.oauthconfig.token.sso;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.oauthconfig.token.sso.SsoFlow.CALLBACK;
import static com.oauthconfig.token.sso.SsoFlow.ISSUER;
import static com.oauthconfig.token.sso.SsoFlow.RETURN;
import static com.oauthconfig.token.sso.SsoFlow.assertionIn;
import static com.oauthconfig.token.sso.SsoFlow.atProvider;
import static com.oauthconfig.token.sso.SsoFlow.callback;
import static com.oauthconfig.token.sso.SsoFlow.providerSays;
import static com.oauthconfig.token.sso.SsoFlow.ssoConfig;
import static com.oauthconfig.token.sso.SsoFlow.start;
import static com.oauthconfig.token.sso.SsoFlow.startResponse;
import static com.oauthconfig.token.sso.SsoFlow.states;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Platform sign-in through an SSO configuration, over HTTP like a browser: start at this service,
 * the rig's provider (mock-oauth2-server: authorization code with PKCE), the callback, and the
 * assertion checked with another JWT library (Nimbus) against the published JWKS.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class SsoSignInTest {

    static final String SSO_REFUSED = "urn:oauth-platform:problem:sso-refused";

    @jakarta.inject.Inject
    SsoService sso;

    @io.quarkus.test.common.http.TestHTTPResource(value = "/openapi", management = true)
    java.net.URL openapi;

    private static Map<String, Object> verifiedAnn() {
        return Map.of("email", "Ann@ACME.example", "email_verified", true, "name", "Ann Example");
    }

    @Test
    void happyPathPostsAnAssertionThatVerifiesAgainstTheJwksAndNamesTheVerifiedUser() throws Exception {
        JsonObject config = ssoConfig();
        String org = config.getString("orgId");
        SsoFlow.Started started = start(config, "ann@acme.example");

        // The provider URL: code + PKCE S256 + state + nonce, back to this service's public callback, identity scopes only.
        assertTrue(started.location().startsWith(Rig.oidc().issuer(ISSUER) + "/authorize?"), started.location());
        Map<String, String> q = started.query();
        assertEquals("code", q.get("response_type"));
        assertEquals(config.getString("clientId"), q.get("client_id"));
        assertEquals(CALLBACK, q.get("redirect_uri"));
        assertEquals("openid email profile", q.get("scope"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertTrue(q.get("state").length() >= 43);
        assertTrue(q.get("nonce").length() >= 32);
        assertEquals("ann@acme.example", q.get("login_hint"));
        assertEquals("no-store", started.response().header("Cache-Control"));
        String setCookie = started.response().header("Set-Cookie");
        assertTrue(setCookie.startsWith(BrowserBinding.COOKIE + "="), setCookie);
        for (String attribute : List.of("Path=/", "Secure", "HttpOnly", "SameSite=Lax", "Max-Age=300")) {
            assertTrue(setCookie.contains(attribute), "cookie attribute " + attribute + ": " + setCookie);
        }
        assertFalse(Fixtures.row("select t::text as r from sso_state t where org_id = ?", org).get("r").toString().contains(q.get("state")),
                "the state is stored only as a hash");

        Map<String, String> redirect = atProvider(started);
        providerSays(config, "okta-user-1", verifiedAnn());
        int tokenCalls = Rig.oidc().requestCount(ISSUER, "token");
        Response page = callback(redirect, started.binding());
        page.then().statusCode(200).contentType(containsString("text/html"))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", containsString("form-action https://id.platform.example.test:443"))
                .body(containsString("<form id=\"sso\" method=\"post\" action=\"" + RETURN + "\">"));
        assertNull(page.header("Location"));
        assertEquals(tokenCalls + 1, Rig.oidc().requestCount(ISSUER, "token"));
        // The code was redeemed with the verifier, at the provider that started the flow, with the client's secret (the rig checks it).
        Map<String, String> form = Rig.oidc().tokenRequests(ISSUER).get(Rig.oidc().tokenRequests(ISSUER).size() - 1);
        assertEquals(redirect.get("code"), form.get("code"));
        assertEquals(CALLBACK, form.get("redirect_uri"));
        assertNotNull(form.get("code_verifier"));

        SignedJWT jwt = SignedJWT.parse(assertionIn(page.asString()));
        JWKSet jwks = JWKSet.parse(given().get("/sso/jwks").then().statusCode(200).extract().asString());
        assertEquals(2, jwks.getKeys().size(), "the active key and the one kept after a rotation");
        jwks.getKeys().forEach(k -> assertFalse(k.isPrivate(), "no private part is published"));
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertEquals("test-sso-1", jwt.getHeader().getKeyID());
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        assertTrue(jwt.verify(new ECDSAVerifier(key.toECKey())), "signed by the published key");
        assertFalse(jwt.verify(new ECDSAVerifier(jwks.getKeyByKeyId("test-sso-0").toECKey())), "and by no other");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("https://token.example.test", claims.getIssuer());
        assertEquals(List.of("https://id.platform.example.test"), claims.getAudience());
        // The subject is the platform's, scoped to organisation and issuer; the provider's own is idp_sub.
        assertEquals(subjectRule(org, Rig.oidc().issuer(ISSUER), "okta-user-1"), claims.getSubject());
        assertEquals("okta-user-1", claims.getStringClaim("idp_sub"));
        assertEquals("ann@acme.example", claims.getStringClaim("email"));
        assertEquals(Boolean.TRUE, claims.getBooleanClaim("email_verified"));
        assertEquals("provider", claims.getStringClaim("email_verified_by"));
        assertEquals("Ann Example", claims.getStringClaim("name"));
        assertEquals(org, claims.getStringClaim("org_id"));
        assertEquals(config.getString("id"), claims.getStringClaim("config_id"));
        assertEquals(Rig.oidc().issuer(ISSUER), claims.getStringClaim("idp_iss"));
        assertNotNull(claims.getJWTID());
        long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
        assertTrue(lifetime > 0 && lifetime <= 300_000, "exp at most 5 minutes after iat: " + lifetime);
        assertTrue(claims.getExpirationTime().toInstant().isAfter(Instant.now()));

        // Nothing of the provider's is kept: no stored tokens, the transaction spent.
        assertNull(Fixtures.row("select 1 from user_token where org_id = ?", org));
        assertEquals(0, states(config));
    }

    /** The documented rule, written out here on its own: base64url(SHA-256("len:org" "len:issuer" "len:subject")). */
    private static String subjectRule(String org, String issuer, String subject) throws Exception {
        String input = org.length() + ":" + org + issuer.length() + ":" + issuer + subject.length() + ":" + subject;
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static JWTClaimsSet signInAs(JsonObject config, String providerSubject) throws Exception {
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = atProvider(started);
        providerSays(config, providerSubject, verifiedAnn());
        return SignedJWT.parse(assertionIn(callback(redirect, started.binding()).then().statusCode(200).extract().asString())).getJWTClaimsSet();
    }

    @Test
    void theSameProviderSubjectInTwoOrganisationsNeverGivesTheSameAssertionSubject() throws Exception {
        // An organisation's admin chooses its provider, and with it every subject that provider vouches for:
        // a subject copied from another organisation's users must not name one of them at the platform.
        JWTClaimsSet first = signInAs(ssoConfig(), "shared-subject");
        JWTClaimsSet second = signInAs(ssoConfig(), "shared-subject");
        assertEquals("shared-subject", first.getStringClaim("idp_sub"));
        assertEquals("shared-subject", second.getStringClaim("idp_sub"));
        assertNotEquals(first.getStringClaim("org_id"), second.getStringClaim("org_id"));
        assertNotEquals(first.getSubject(), second.getSubject());
    }

    @Test
    void anSsoConfigWithoutAnIssuerIsRefusedBeforeTheProviderIsAskedAndNothingIsStored() {
        // Explicit endpoints and no issuer: nothing could hold the ID token to one provider.
        JsonObject config = ssoConfig();
        String base = Rig.oidc().issuer(ISSUER);
        JsonObject noIssuer = Fixtures.register(config.copy().put("version", config.getLong("version") + 1).putNull("issuer")
                .put("endpoints", new JsonObject().put("authorization", base + "/authorize").put("token", base + "/token")
                        .put("jwks", base + "/jwks")));
        startResponse(noIssuer, "ann@acme.example").then().statusCode(400).body("type", equalTo(SSO_REFUSED))
                .body("reason", equalTo("PROVIDER_UNSUITABLE")).body("finding", equalTo("ISSUER_MISSING"));
        assertEquals(0, states(noIssuer));
    }

    @Test
    void relayStateComesBackInTheFormAndABrowserKeepsOneBindingForSeveralStarts() {
        JsonObject config = ssoConfig();
        Response first = SsoFlow.browser(null).queryParam("orgId", config.getString("orgId")).queryParam("configId", config.getString("id"))
                .queryParam("email", "ann@acme.example").queryParam("relayState", "platform-login.42~x").get("/sso/start");
        first.then().statusCode(302);
        String binding = first.getCookie(BrowserBinding.COOKIE);
        Response second = SsoFlow.browser(binding).queryParam("orgId", config.getString("orgId")).queryParam("configId", config.getString("id"))
                .queryParam("email", "ann@acme.example").queryParam("relayState", "platform-login.43").get("/sso/start");
        assertEquals(binding, second.getCookie(BrowserBinding.COOKIE), "a second tab does not strand the first");

        providerSays(config, "okta-user-2", verifiedAnn());
        callback(atProvider(new SsoFlow.Started(first, first.header("Location"), binding)), binding).then().statusCode(200)
                .body(containsString("name=\"relay_state\" value=\"platform-login.42~x\""));
        providerSays(config, "okta-user-2", verifiedAnn());
        callback(atProvider(new SsoFlow.Started(second, second.header("Location"), binding)), binding).then().statusCode(200)
                .body(containsString("name=\"relay_state\" value=\"platform-login.43\""));
    }

    @Test
    void anEmailOutsideTheConfigsDomainsIsRefusedAtTheStartAndAtTheCallback() {
        JsonObject config = ssoConfig();
        startResponse(config, "bob@other.example").then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("type", equalTo(SSO_REFUSED)).body("reason", equalTo("EMAIL_DOMAIN_NOT_ALLOWED"));
        assertEquals(0, states(config), "nothing started");

        // The provider vouches for another address than the one typed: the verified one decides.
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = atProvider(started);
        providerSays(config, "okta-user-3", Map.of("email", "eve@other.example", "email_verified", true));
        callback(redirect, started.binding()).then().statusCode(400).body("type", equalTo(SSO_REFUSED))
                .body("reason", equalTo("EMAIL_DOMAIN_NOT_ALLOWED")).body(not(containsString("eyJ")));
    }

    /** An e-mail the provider did not say it verified: false, absent, or a value that is not true. */
    private static final List<Map<String, Object>> UNVERIFIED_ANN = List.of(
            Map.of("email", "ann@acme.example", "email_verified", false),
            Map.of("email", "ann@acme.example"),
            Map.of("email", "ann@acme.example", "email_verified", "yes"));

    @Test
    void anUnverifiedOrMissingEmailIsRefused() {
        JsonObject config = ssoConfig();
        for (Map<String, Object> claims : UNVERIFIED_ANN) {
            SsoFlow.Started started = start(config, "ann@acme.example");
            Map<String, String> redirect = atProvider(started);
            providerSays(config, "okta-user-4", claims);
            callback(redirect, started.binding()).then().statusCode(400).body("reason", equalTo("EMAIL_NOT_VERIFIED"))
                    .body(not(containsString("assertion")));
        }
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = atProvider(started);
        providerSays(config, "okta-user-4", Map.of("email_verified", true));
        callback(redirect, started.binding()).then().statusCode(400).body("reason", equalTo("EMAIL_MISSING"));
    }

    @Test
    void anUnverifiedOrMissingEmailIsAdmittedWhenTheOrganisationSaysItsProviderIsAuthoritative() throws Exception {
        JsonObject config = Fixtures.register(ssoConfig().put("ssoEmailAuthoritative", true));
        for (Map<String, Object> claims : UNVERIFIED_ANN) {
            SsoFlow.Started started = start(config, "ann@acme.example");
            Map<String, String> redirect = atProvider(started);
            providerSays(config, "okta-user-4", claims);
            JWTClaimsSet asserted = SignedJWT.parse(assertionIn(callback(redirect, started.binding()).then().statusCode(200)
                    .extract().asString())).getJWTClaimsSet();
            assertEquals("ann@acme.example", asserted.getStringClaim("email"));
            assertEquals(Boolean.TRUE, asserted.getBooleanClaim("email_verified"));
            assertEquals("organisation", asserted.getStringClaim("email_verified_by"), "who vouched for " + claims);
        }
        // The provider's own word still counts as the provider's.
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = atProvider(started);
        providerSays(config, "okta-user-4", verifiedAnn());
        assertEquals("provider", SignedJWT.parse(assertionIn(callback(redirect, started.binding()).then().statusCode(200)
                .extract().asString())).getJWTClaimsSet().getStringClaim("email_verified_by"));
        // Authority is no substitute for an address.
        started = start(config, "ann@acme.example");
        redirect = atProvider(started);
        providerSays(config, "okta-user-4", Map.of("email_verified", true));
        callback(redirect, started.binding()).then().statusCode(400).body("reason", equalTo("EMAIL_MISSING"));
    }

    @Test
    void aReplayedStateIsRefusedAndTheCodeIsNotRedeemedAgain() {
        JsonObject config = ssoConfig();
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = atProvider(started);
        providerSays(config, "okta-user-5", verifiedAnn());
        callback(redirect, started.binding()).then().statusCode(200);
        int tokenCalls = Rig.oidc().requestCount(ISSUER, "token");

        callback(redirect, started.binding()).then().statusCode(400).body("type", equalTo(SSO_REFUSED))
                .body("reason", equalTo("STATE_INVALID"));
        assertEquals(tokenCalls, Rig.oidc().requestCount(ISSUER, "token"));
    }

    @Test
    void aStateCarriedToASecondBrowserIsRefusedAndBurnt() {
        JsonObject config = ssoConfig();
        int tokenCalls = Rig.oidc().requestCount(ISSUER, "token");
        // Another browser with a binding of its own (e.g. a victim of login CSRF, handed the attacker's redirect) ...
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = atProvider(started);
        String otherBrowser = start(config, "ann@acme.example").binding();
        assertNotEquals(started.binding(), otherBrowser);
        callback(redirect, otherBrowser).then().statusCode(400).body("reason", equalTo("BROWSER_MISMATCH"));
        // ... and the state is spent: the browser that started it cannot use it afterwards either.
        callback(redirect, started.binding()).then().statusCode(400).body("reason", equalTo("STATE_INVALID"));

        // A browser without any binding cookie, and one with a malformed value.
        SsoFlow.Started again = start(config, "ann@acme.example");
        callback(atProvider(again), null).then().statusCode(400).body("reason", equalTo("BROWSER_MISMATCH"));
        SsoFlow.Started third = start(config, "ann@acme.example");
        callback(atProvider(third), "not-a-binding").then().statusCode(400).body("reason", equalTo("BROWSER_MISMATCH"));
        assertEquals(tokenCalls, Rig.oidc().requestCount(ISSUER, "token"), "no code was redeemed");
    }

    @Test
    void anExpiredStateIsRefused() {
        JsonObject config = ssoConfig();
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = atProvider(started);
        int tokenCalls = Rig.oidc().requestCount(ISSUER, "token");
        Fixtures.update("update sso_state set expires_at = now() - interval '1 second' where org_id = ?", config.getString("orgId"));

        callback(redirect, started.binding()).then().statusCode(400).body("reason", equalTo("STATE_INVALID"));
        assertEquals(tokenCalls, Rig.oidc().requestCount(ISSUER, "token"));
    }

    @Test
    void expiredTransactionsAreSweptAndLiveOnesKept() {
        JsonObject expired = ssoConfig();
        JsonObject live = ssoConfig();
        start(expired, "ann@acme.example");
        start(live, "ann@acme.example");
        Fixtures.update("update sso_state set expires_at = now() - interval '1 second' where org_id = ?", expired.getString("orgId"));

        sso.sweepExpiredStates().await().atMost(java.time.Duration.ofSeconds(10));
        assertEquals(0, states(expired));
        assertEquals(1, states(live));
    }

    @Test
    void anIssParameterOfAnotherProviderIsRefusedBeforeTheCodeIsRedeemed() {
        JsonObject config = ssoConfig();
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = new HashMap<>(atProvider(started));
        redirect.put("iss", Rig.oidc().issuer("evil-idp"));
        int tokenCalls = Rig.oidc().requestCount(ISSUER, "token");

        callback(redirect, started.binding()).then().statusCode(400).body("reason", equalTo("ISSUER_MISMATCH"));
        assertEquals(tokenCalls, Rig.oidc().requestCount(ISSUER, "token"));

        // The right issuer in iss is accepted.
        SsoFlow.Started ok = start(config, "ann@acme.example");
        Map<String, String> okRedirect = new HashMap<>(atProvider(ok));
        okRedirect.put("iss", Rig.oidc().issuer(ISSUER));
        providerSays(config, "okta-user-6", verifiedAnn());
        callback(okRedirect, ok.binding()).then().statusCode(200);
    }

    @Test
    void aProviderErrorAtTheCallbackIsRefusedWithItsOAuthErrorCode() {
        JsonObject config = ssoConfig();
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = Map.of("state", started.query().get("state"), "error", "access_denied",
                "error_description", "<script>alert(1)</script>");
        callback(redirect, started.binding()).then().statusCode(400).body("reason", equalTo("PROVIDER_ERROR"))
                .body("providerError", equalTo("access_denied")).body(not(containsString("<script>")));
    }

    @Test
    void anIdTokenWithAnotherNonceIssuerOrAudienceIsRefused() {
        try (FakeProvider tokenEndpoint = new FakeProvider()) {
            JsonObject config = Fixtures.register(ssoConfig().put("endpoints", new JsonObject().put("token", tokenEndpoint.url("/token"))));
            String[][] cases = {{"another-nonce", ISSUER, config.getString("clientId"), "nonce"},
                    {null, "evil-idp", config.getString("clientId"), "ID token is not valid"},
                    {null, ISSUER, "some-other-client", "wrong audience"}};
            for (String[] c : cases) {
                SsoFlow.Started started = start(config, "ann@acme.example");
                Map<String, Object> claims = new HashMap<>(Map.of("email", "ann@acme.example", "email_verified", true));
                claims.put("nonce", c[0] != null ? c[0] : started.query().get("nonce"));
                String idToken = Rig.oidc().server().issueToken(c[1], "unused", new DefaultOAuth2TokenCallback(c[1], "user-1",
                        "JWT", List.of(c[2]), claims, 300)).serialize();
                tokenEndpoint.answerJson(200, new JsonObject().put("access_token", "at-x").put("token_type", "Bearer")
                        .put("expires_in", 300).put("id_token", idToken));
                callback(atProvider(started), started.binding()).then().statusCode(400).body("reason", equalTo("ID_TOKEN_INVALID"))
                        .body("detail", containsString(c[3]));
            }
            // The same endpoint with everything right signs in: the refusals above were about the token.
            SsoFlow.Started started = start(config, "ann@acme.example");
            String idToken = Rig.oidc().server().issueToken(ISSUER, "unused", new DefaultOAuth2TokenCallback(ISSUER, "user-1",
                    "JWT", List.of(config.getString("clientId")), Map.of("email", "ann@acme.example", "email_verified", true,
                    "nonce", started.query().get("nonce")), 300)).serialize();
            tokenEndpoint.answerJson(200, new JsonObject().put("access_token", "at-x").put("token_type", "Bearer").put("id_token", idToken));
            callback(atProvider(started), started.binding()).then().statusCode(200);
        }
    }

    @Test
    void aConfigChangedOrSsoSwitchedOffSinceTheStartIsRefused() {
        JsonObject config = ssoConfig();
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = atProvider(started);
        Fixtures.register(config.copy().put("version", 2));
        callback(redirect, started.binding()).then().statusCode(400).body("reason", equalTo("CONFIG_CHANGED"));

        JsonObject v2 = config.copy().put("version", 2);
        SsoFlow.Started next = start(v2, "ann@acme.example");
        Map<String, String> nextRedirect = atProvider(next);
        Fixtures.register(v2.copy().put("version", 3).put("ssoEnabled", false));
        callback(nextRedirect, next.binding()).then().statusCode(400).body("reason", equalTo("CONFIG_CHANGED"));
    }

    @Test
    void startRefusesWhatCannotBeAnSsoSignIn() {
        JsonObject config = ssoConfig();
        String org = config.getString("orgId");
        SsoFlow.browser(null).queryParam("orgId", org).queryParam("configId", "not-a-uuid").queryParam("email", "ann@acme.example")
                .get("/sso/start").then().statusCode(400).body("errors[0].field", equalTo("configId"));
        SsoFlow.browser(null).queryParam("orgId", org).queryParam("configId", config.getString("id"))
                .get("/sso/start").then().statusCode(400).body("errors[0].field", equalTo("email"));
        SsoFlow.browser(null).queryParam("configId", config.getString("id")).queryParam("email", "ann@acme.example")
                .get("/sso/start").then().statusCode(400).body("errors[0].field", equalTo("orgId"));
        SsoFlow.browser(null).queryParam("orgId", org).queryParam("configId", config.getString("id")).queryParam("email", "ann@acme.example")
                .queryParam("relayState", "a b").get("/sso/start").then().statusCode(400).body("errors[0].field", equalTo("relayState"));
        // Without a relay state anyone's link could sign a victim's browser in: the platform could not tell it did not start it.
        SsoFlow.browser(null).queryParam("orgId", org).queryParam("configId", config.getString("id")).queryParam("email", "ann@acme.example")
                .get("/sso/start").then().statusCode(400).body("errors[0].field", equalTo("relayState"));
        // Another organisation's config, and a config of the organisation that is not for SSO: the same 404.
        SsoFlow.browser(null).queryParam("orgId", Fixtures.newOrg()).queryParam("configId", config.getString("id"))
                .queryParam("email", "ann@acme.example").queryParam("relayState", SsoFlow.RELAY_STATE).get("/sso/start").then().statusCode(404);
        JsonObject notSso = Fixtures.register(Fixtures.config(org, ISSUER));
        FakeConfigService.ssoDomains(java.util.UUID.fromString(notSso.getString("id")), "acme.example");
        startResponse(notSso, "ann@acme.example").then().statusCode(404);
        // An SSO config whose redirect URLs lack this service's callback cannot work: say what the administrator must do.
        JsonObject noCallback = Fixtures.register(Fixtures.config(org, ISSUER).put("ssoEnabled", true));
        FakeConfigService.ssoDomains(java.util.UUID.fromString(noCallback.getString("id")), "acme.example");
        startResponse(noCallback, "ann@acme.example").then().statusCode(400).body("reason", equalTo("CALLBACK_NOT_REGISTERED"))
                .body("detail", containsString(CALLBACK));
        assertEquals(0, states(config));
    }

    @Test
    void theOpenApiDocumentDescribesTheSsoEndpointsAndTheirRefusals() {
        String doc = given().queryParam("format", "json").get(openapi).then().statusCode(200).extract().asString();
        JsonObject paths = new JsonObject(doc).getJsonObject("paths");
        for (String path : List.of("/sso/start", "/sso/callback", "/sso/jwks")) {
            assertNotNull(paths.getJsonObject(path), path);
        }
        String callback = paths.getJsonObject("/sso/callback").encode();
        for (String reason : List.of("EMAIL_DOMAIN_NOT_ALLOWED", "EMAIL_NOT_VERIFIED", "STATE_INVALID", "BROWSER_MISMATCH", "ISSUER_MISMATCH",
                "PROVIDER_ERROR", "ID_TOKEN_INVALID")) {
            assertTrue(callback.contains(reason), reason);
        }
        assertTrue(paths.getJsonObject("/sso/start").encode().contains("429"));
    }

    @Test
    void startsAreRateLimitedPerClientAddressLikeThePublicLookup() {
        java.net.InetAddress client = com.oauthconfig.rig.LoopbackAddresses.next();
        int limit = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("platform-rate-limits.sso-lookups-per-address", Integer.class);
        io.restassured.specification.RequestSpecification from = given().redirects().follow(false)
                .config(io.restassured.RestAssured.config().httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                        .setParam("http.route.local-address", client)));
        // Every attempt counts, valid or not: these cost nothing but the permits.
        for (int i = 0; i < limit; i++) {
            from.get("/sso/start").then().statusCode(400);
        }
        from.get("/sso/start").then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("type", equalTo("urn:oauth-platform:problem:too-many-requests"));
        // Another address is not affected.
        startResponse(ssoConfig(), "ann@acme.example").then().statusCode(302);
    }

    @Test
    void aBrowserSeesAPlainErrorPageNeverAStackTrace() {
        JsonObject config = ssoConfig();
        String html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        String page = SsoFlow.browser(null).accept(html).queryParam("orgId", config.getString("orgId"))
                .queryParam("configId", config.getString("id")).queryParam("email", "bob@other.example").queryParam("relayState", SsoFlow.RELAY_STATE).get("/sso/start")
                .then().statusCode(400).contentType(containsString("text/html")).header("Cache-Control", "no-store")
                .body(containsString("<code id=\"reason\">EMAIL_DOMAIN_NOT_ALLOWED</code>")).extract().asString();
        SsoFlow.Started started = start(config, "ann@acme.example");
        Map<String, String> redirect = atProvider(started);
        String replay = SsoFlow.browser(null).accept(html).queryParams(redirect).get("/sso/callback")
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("<code id=\"reason\">BROWSER_MISMATCH</code>")).extract().asString();
        String missing = SsoFlow.browser(started.binding()).accept(html).get("/sso/callback")
                .then().statusCode(400).body(containsString("STATE_INVALID")).extract().asString();
        for (String p : List.of(page, replay, missing)) {
            assertFalse(p.contains("Exception") || p.contains("\tat ") || p.contains("com.oauthconfig"), p);
        }
    }
}
