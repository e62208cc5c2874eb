package com.oauthconfig.token;

import com.nimbusds.jose.JOSEObjectType;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.provider.ClientCredentialsService;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every call to a provider's token and revocation endpoints authenticates the client with
 * {@code client_secret_basic} (RFC 6749 §2.3.1): id and secret form-encoded, joined by a colon,
 * Base64 in an {@code Authorization: Basic} header, and the secret never in the form. The
 * endpoints are a server the test controls, so each request is read as it arrived.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class ClientAuthenticationTest {

    static final String ISSUER = "acme-okta";

    @Inject
    AccessTokenService tokens;
    @Inject
    ClientCredentialsService clientCredentials;

    FakeProvider provider;

    @BeforeEach
    void start() {
        provider = new FakeProvider();
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    /** Characters that form-encoding changes, so a missing or wrong encoding shows. */
    private static final String ID_PREFIX = "acme client:";
    private static final String ID_PREFIX_ENCODED = "acme+client%3A";
    private static final String SECRET_PREFIX = "s3cret +/:=";
    private static final String SECRET_PREFIX_ENCODED = "s3cret+%2B%2F%3A%3D";

    private JsonObject config(String org) {
        String unique = UUID.randomUUID().toString();
        JsonObject config = Fixtures.config(org, ISSUER)
                .put("clientId", ID_PREFIX + unique)
                .put("clientSecret", SECRET_PREFIX + unique)
                .put("endpoints", new JsonObject().put("token", provider.url("/token")).put("revocation", provider.url("/revoke")));
        Rig.oidc().registerConfidentialClient(config.getString("clientId"), config.getString("clientSecret"));
        return Fixtures.register(config);
    }

    /** The header an RFC 6749 §2.3.1 client sends, built from the literal encodings above. */
    private static String expectedBasic(JsonObject config) {
        String unique = config.getString("clientId").substring(ID_PREFIX.length());
        String credentials = ID_PREFIX_ENCODED + unique + ":" + SECRET_PREFIX_ENCODED + unique;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertClientSecretBasic(JsonObject config, FakeProvider.Received request) {
        assertEquals(expectedBasic(config), request.authorization(), request.path() + " " + request.form().get("grant_type")
                + ": client_secret_basic");
        assertFalse(request.form().containsKey("client_secret"), "the secret never travels in the form");
    }

    private JsonObject signedIn(String org) {
        JsonObject config = config(org);
        String token = userToken("ann", org);
        String url = authorizationUrl(token, org, config.getString("id"));
        String nonce = Fixtures.query(url.substring(url.indexOf('?') + 1)).get("nonce");
        String idToken = Rig.oidc().server().issueToken(ISSUER, "unused", new DefaultOAuth2TokenCallback(ISSUER, "user-1",
                JOSEObjectType.JWT.getType(), List.of(config.getString("clientId")), Map.of("nonce", nonce), 300)).serialize();
        provider.answerJson(200, new JsonObject().put("access_token", "at-1").put("refresh_token", "rt-1").put("expires_in", 300)
                .put("token_type", "Bearer").put("id_token", idToken));
        Map<String, String> redirect = followToProvider(url);
        callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(200);
        return config;
    }

    @Test
    void codeExchangeAuthenticatesWithClientSecretBasic() {
        JsonObject config = signedIn(Fixtures.newOrg());

        List<FakeProvider.Received> received = provider.received();
        assertEquals(1, received.size());
        assertEquals("authorization_code", received.get(0).form().get("grant_type"));
        assertClientSecretBasic(config, received.get(0));
    }

    @Test
    void refreshAuthenticatesWithClientSecretBasic() {
        JsonObject config = signedIn(Fixtures.newOrg());
        provider.answerJson(200, new JsonObject().put("access_token", "at-2").put("expires_in", 300).put("token_type", "Bearer"));
        Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ? and config_id = ?",
                config.getString("orgId"), config.getString("id"));

        AccessTokenResult refreshed = tokens.accessTokenFor(config.getString("orgId"), config.getString("id"), "ann")
                .await().atMost(Duration.ofSeconds(30));

        assertEquals("at-2", refreshed.accessToken(), refreshed.toString());
        FakeProvider.Received refresh = provider.received().get(1);
        assertEquals("refresh_token", refresh.form().get("grant_type"));
        assertClientSecretBasic(config, refresh);
    }

    @Test
    void revocationAtSignOutAuthenticatesWithClientSecretBasic() {
        JsonObject config = signedIn(Fixtures.newOrg());
        provider.answerRaw(200, "application/json", "{}");

        given().auth().oauth2(userToken("ann", config.getString("orgId")))
                .when().delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", config.getString("orgId"), config.getString("id"))
                .then().statusCode(204);

        List<FakeProvider.Received> revocations = provider.received().stream().filter(r -> r.path().equals("/revoke")).toList();
        assertFalse(revocations.isEmpty(), "sign-out revokes at the provider");
        assertTrue(revocations.stream().anyMatch(r -> "rt-1".equals(r.form().get("token"))), "the refresh token is revoked");
        revocations.forEach(r -> assertClientSecretBasic(config, r));
    }

    @Test
    void clientCredentialsAuthenticateWithClientSecretBasic() {
        JsonObject config = config(Fixtures.newOrg());
        provider.answerJson(200, new JsonObject().put("access_token", "m2m-1").put("expires_in", 300).put("token_type", "Bearer"));

        AccessTokenResult result = clientCredentials.tokenFor(config.getString("orgId"), config.getString("id"))
                .await().atMost(Duration.ofSeconds(30));

        assertEquals("m2m-1", result.accessToken(), result.toString());
        List<FakeProvider.Received> received = provider.received();
        assertEquals(1, received.size());
        assertEquals("client_credentials", received.get(0).form().get("grant_type"));
        assertClientSecretBasic(config, received.get(0));
    }
}
