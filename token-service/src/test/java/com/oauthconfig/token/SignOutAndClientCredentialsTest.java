package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.handout.FailureReason;
import com.oauthconfig.token.provider.ClientCredentialsService;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class SignOutAndClientCredentialsTest {

    static final String ISSUER = "acme-okta";

    @Inject
    AccessTokenService tokens;
    @Inject
    ClientCredentialsService clientCredentials;
    @Inject
    EnvelopeCipher cipher;

    @Test
    void signOutRevokesAtTheProviderAndDeletesLocalTokens() throws Exception {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String configId = config.getString("id");
        Fixtures.signIn("ann", org, configId);
        String refresh = cipher.open((String) Fixtures.tokenRow(org, configId, "ann").get("refresh_token_sealed"),
                TokenRow.context(org, configId, "ann"));
        int revokes = Rig.oidc().requestCount(ISSUER, "revoke");

        given().auth().oauth2(Fixtures.userToken("ann", org))
                .when().delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, configId)
                .then().statusCode(204);

        assertTrue(Rig.oidc().requestCount(ISSUER, "revoke") > revokes, "revocation endpoint called");
        Map<String, Object> row = Fixtures.tokenRow(org, configId, "ann");
        assertEquals("REVOKED", row.get("status"));
        assertNull(row.get("access_token_sealed"));
        assertNull(row.get("refresh_token_sealed"));
        assertEquals(FailureReason.REVOKED, tokens.accessTokenFor(org, configId, "ann").await().atMost(Duration.ofSeconds(30)).reason());
        String form = "grant_type=refresh_token&client_id=probe&refresh_token=" + URLEncoder.encode(refresh, StandardCharsets.UTF_8);
        int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(Rig.oidc().issuer(ISSUER) + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
        assertEquals(400, status, "the revoked refresh token no longer works at the provider");

        // Signing in again brings the user back.
        Fixtures.signIn("ann", org, configId);
        assertTrue(tokens.accessTokenFor(org, configId, "ann").await().atMost(Duration.ofSeconds(30)).isOk());
    }

    @Test
    void signOutWithoutTokensIsStill204AndTouchesNobodyElse() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn("bob", org, config.getString("id"));

        given().auth().oauth2(Fixtures.userToken("ann", org))
                .when().delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, config.getString("id"))
                .then().statusCode(204);

        assertEquals("ACTIVE", Fixtures.tokenRow(org, config.getString("id"), "bob").get("status"));
        given().auth().oauth2(Fixtures.userToken("ann", Fixtures.newOrg()))
                .when().delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, config.getString("id"))
                .then().statusCode(404);
    }

    @Test
    void clientCredentialsTokenIsCachedUntilShortlyBeforeExpiry() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-m2m"));
        int before = Rig.oidc().requestCount("acme-m2m", "token");

        AccessTokenResult first = clientCredentials.tokenFor(org, config.getString("id")).await().atMost(Duration.ofSeconds(10));
        AccessTokenResult second = clientCredentials.tokenFor(org, config.getString("id")).await().atMost(Duration.ofSeconds(10));

        assertTrue(first.isOk(), first.toString());
        assertEquals(first.accessToken(), second.accessToken());
        assertEquals(before + 1, Rig.oidc().requestCount("acme-m2m", "token"), "one provider call for two uses");
        assertTrue(first.expiresAt().isBefore(Instant.now().plus(Duration.ofMinutes(15))), "never past the platform lifetime");

        // A changed config (new version) never gets the old shape's token.
        config.put("version", 2);
        Fixtures.register(config);
        clientCredentials.evict(config.getString("id"));
        AccessTokenResult third = clientCredentials.tokenFor(org, config.getString("id")).await().atMost(Duration.ofSeconds(10));
        assertTrue(third.isOk());
        assertEquals(before + 2, Rig.oidc().requestCount("acme-m2m", "token"));
        assertNotEquals(FailureReason.CONFIG_REMOVED, third.reason());
        assertEquals(FailureReason.CONFIG_REMOVED,
                clientCredentials.tokenFor(org, UUID.randomUUID().toString()).await().atMost(Duration.ofSeconds(30)).reason());
    }
}
