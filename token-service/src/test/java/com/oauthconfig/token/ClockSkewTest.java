package com.oauthconfig.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "clock skew between service and provider (± 2 minutes)": a provider whose clock runs
 * ahead or behind issues ID tokens whose iat/nbf lie in our future or whose exp has just passed;
 * they are accepted up to {@code token-service.provider.clock-skew} (120 s by default) and refused
 * beyond it. Access-token expiry is computed from {@code expires_in} on this service's clock, so a
 * provider clock 2 minutes off changes nothing there. ID tokens are signed by a key of the test,
 * published at the config's explicit JWKS endpoint (a real HTTP server).
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class ClockSkewTest {

    static final String ISSUER = "acme-okta";
    static final RSAKey KEY = key();

    @Inject
    TokenServiceConfig settings;

    FakeProvider tokenEndpoint;
    FakeProvider jwks;

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID("skew-" + UUID.randomUUID()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() {
        tokenEndpoint = new FakeProvider();
        jwks = new FakeProvider();
        jwks.answerJson(200, new JsonObject(new JWKSet(KEY.toPublicJWK()).toString()));
    }

    @AfterEach
    void stop() {
        tokenEndpoint.close();
        jwks.close();
    }

    private record Flow(String org, String configId, String clientId, String token, Map<String, String> redirect, String nonce) {
    }

    private Flow begin() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.config(org, ISSUER);
        config.put("endpoints", new JsonObject().put("token", tokenEndpoint.url("/token")).put("jwks", jwks.url("/jwks")));
        Fixtures.register(config);
        String token = userToken("ann", org);
        String url = authorizationUrl(token, org, config.getString("id"));
        String nonce = Fixtures.query(url.substring(url.indexOf('?') + 1)).get("nonce");
        return new Flow(org, config.getString("id"), config.getString("clientId"), token, followToProvider(url), nonce);
    }

    /** An ID token as a provider whose clock reads {@code iat}/{@code nbf}/{@code exp} would issue it. */
    private static String idToken(Flow f, Instant iat, Instant nbf, Instant exp) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(Rig.oidc().issuer(ISSUER)).subject("user-1")
                .audience(f.clientId()).claim("nonce", f.nonce()).issueTime(Date.from(iat)).expirationTime(Date.from(exp));
        if (nbf != null) {
            claims.notBeforeTime(Date.from(nbf));
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).type(JOSEObjectType.JWT).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Response complete(Flow f, String idToken) {
        tokenEndpoint.answerJson(200, new JsonObject().put("access_token", "at-" + UUID.randomUUID()).put("token_type", "Bearer")
                .put("expires_in", 300).put("refresh_token", "rt-" + UUID.randomUUID()).put("id_token", idToken));
        return callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null);
    }

    /** token-service.provider.clock-skew as documented (README: 120S), which the test profile keeps. */
    private Duration skew() {
        return Duration.ofSeconds(120);
    }

    @Test
    void theAllowedSkewIsANamedSettingOfTwoMinutesByDefault() {
        assertEquals(skew(), settings.provider().clockSkew(), "token-service.provider.clock-skew (the test profile keeps the default)");
    }

    @Test
    void idTokensIssuedByAProviderClockAheadWithinTheSkewAreAccepted() {
        // The provider's clock runs (almost) the whole allowed skew ahead: iat and nbf lie in our future.
        Flow f = begin();
        Instant ahead = Instant.now().plus(skew()).minusSeconds(5);
        complete(f, idToken(f, ahead, ahead, ahead.plusSeconds(300))).then().statusCode(200).body("status", equalTo("SIGNED_IN"));
        assertNotNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    @Test
    void idTokensWhoseExpiryJustPassedWithinTheSkewAreAccepted() {
        // The provider's clock runs behind: by our clock the token expired (almost) the allowed skew ago.
        Flow f = begin();
        Instant exp = Instant.now().minus(skew()).plusSeconds(5);
        complete(f, idToken(f, exp.minusSeconds(300), exp.minusSeconds(300), exp)).then().statusCode(200);
        assertNotNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    @Test
    void idTokenIssuedBeyondTheSkewInTheFutureIsRefusedAndNothingIsStored() {
        Flow f = begin();
        Instant iat = Instant.now().plus(skew()).plusSeconds(15);
        complete(f, idToken(f, iat, null, iat.plusSeconds(300))).then().statusCode(400)
                .body("type", equalTo("urn:oauth-platform:problem:sign-in-rejected"))
                .body("detail", containsString("iat beyond the allowed clock skew"));
        assertNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    @Test
    void idTokenNotValidBeforeAMomentBeyondTheSkewIsRefused() {
        Flow f = begin();
        Instant now = Instant.now();
        Instant nbf = now.plus(skew()).plusSeconds(15);
        complete(f, idToken(f, now, nbf, nbf.plusSeconds(300))).then().statusCode(400)
                .body("detail", containsString("nbf beyond the allowed clock skew"));
        assertNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    @Test
    void idTokenExpiredLongerAgoThanTheSkewIsRefused() {
        Flow f = begin();
        Instant exp = Instant.now().minus(skew()).minusSeconds(15);
        complete(f, idToken(f, exp.minusSeconds(300), null, exp)).then().statusCode(400)
                .body("detail", containsString("expired (beyond the allowed clock skew)"));
        assertNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    /** The provider's access token is a JWT stamped by its own clock, {@code offset} away from ours. */
    private void accessTokenExpiryIgnoresTheProviderClock(Duration offset) {
        Flow f = begin();
        Instant providerNow = Instant.now().plus(offset);
        String idToken = idToken(f, providerNow, providerNow, providerNow.plusSeconds(300));
        String accessToken = idToken(f, providerNow, providerNow, providerNow.plusSeconds(300));
        tokenEndpoint.answerJson(200, new JsonObject().put("access_token", accessToken).put("token_type", "Bearer")
                .put("expires_in", 300).put("refresh_token", "rt-1").put("id_token", idToken));
        Instant before = Instant.now();
        callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null).then().statusCode(200);
        Instant after = Instant.now();

        Instant stored = ((Timestamp) Fixtures.tokenRow(f.org(), f.configId(), "ann").get("access_expires_at")).toInstant();
        assertFalse(stored.isBefore(before.plusSeconds(300).minusMillis(1)) || stored.isAfter(after.plusSeconds(300).plusMillis(1)),
                "expires_in counted from our request time: " + stored + " not in [" + before + ", " + after + "] + 300 s");

        // The token works: resolve hands it out until that expiry, not the provider's exp claim.
        Response r = Functions.resolve(f.org(), "ann", null, "acme.oauth.token");
        r.then().statusCode(200).body("accessToken", equalTo(accessToken));
        assertEquals(stored.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Instant.parse(r.jsonPath().getString("expiresAt")).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        // The service's refresh margin applies on our clock: just outside it the token is served, inside it refreshed.
        // (The 300 s token is aged as a whole: obtained 300 s before its expiry, so its margin stays the configured one.)
        long margin = 60; // token-service.tokens.refresh-margin as documented (README: 60S)
        int calls = tokenEndpoint.requests();
        String age = "update user_token set access_expires_at = now() + make_interval(secs => ?), "
                + "obtained_at = now() + make_interval(secs => ?) where org_id = ?";
        Fixtures.update(age, (double) margin + 30, (double) margin + 30 - 300, f.org());
        Functions.resolve(f.org(), "ann", null, "acme.oauth.token").then().statusCode(200).body("accessToken", equalTo(accessToken));
        assertEquals(calls, tokenEndpoint.requests(), "outside the margin: no refresh");

        tokenEndpoint.answerJson(200, new JsonObject().put("access_token", "at-refreshed").put("expires_in", 300));
        Fixtures.update(age, (double) margin - 10, (double) margin - 10 - 300, f.org());
        Functions.resolve(f.org(), "ann", null, "acme.oauth.token").then().statusCode(200).body("accessToken", equalTo("at-refreshed"));
        assertEquals(calls + 1, tokenEndpoint.requests(), "inside the margin: refreshed once");
        assertEquals("rt-1", tokenEndpoint.lastForm().get("refresh_token"));
    }

    @Test
    void aProviderClockTwoMinutesAheadChangesNeitherTheExpiryNorTheUseOfItsTokens() {
        accessTokenExpiryIgnoresTheProviderClock(Duration.ofMinutes(2));
    }

    @Test
    void aProviderClockTwoMinutesBehindChangesNeitherTheExpiryNorTheUseOfItsTokens() {
        accessTokenExpiryIgnoresTheProviderClock(Duration.ofMinutes(-2));
    }

    @Test
    void anIdTokenOnOurOwnClockIsVerifiedAgainstTheConfigsExplicitJwks() {
        // The fixture itself: a token without skew is accepted, so the refusals above are the skew's doing.
        Flow f = begin();
        Instant now = Instant.now();
        complete(f, idToken(f, now, now, now.plusSeconds(300))).then().statusCode(200);
        assertTrue(jwks.requests() >= 1, "the ID token was verified against the config's explicit JWKS");
    }
}
