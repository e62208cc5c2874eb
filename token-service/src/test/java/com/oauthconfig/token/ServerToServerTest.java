package com.oauthconfig.token;

import com.nimbusds.jwt.SignedJWT;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.oauthconfig.token.support.Functions.call;
import static com.oauthconfig.token.support.Functions.execute;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A function asking for the organisation's machine token ({@code "grant": "client_credentials"}):
 * execute and resolve get a client-credentials token from the rig's provider for the config's client,
 * shared by every user of the organisation and cached (one provider call), never past the platform's
 * 15 minutes; a provider refusing the client answers the catalogue's {@code OAuthCredentialsMissingError}
 * ({@code CLIENT_REFUSED}, no sign-in URL). The user must still be present.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class ServerToServerTest {

    static final String TITLE = "acme.oauth.token";

    /** A config of the rig's provider whose app-only token an administrator allowed to the test's upstream and resolve target. */
    private static JsonObject machineConfig(String org, String issuer) {
        return Fixtures.config(org, issuer).put("apiHosts", new io.vertx.core.json.JsonArray().add("localhost").add("api.example.test"));
    }

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static Response resolveMachine(String org, String user, String solutionId, String reference) {
        JsonObject body = Functions.resolveBody(org, user, solutionId, reference).put("grant", "client_credentials");
        return given().auth().oauth2(Functions.serviceToken()).header(Functions.USER_TOKEN, Functions.userToken(org, user))
                .contentType("application/json").body(body.encode()).when().post("/api/tokens/resolve");
    }

    @Test
    void executeAndResolveUseTheOrganisationsClientCredentialsTokenFetchedOnceForEveryUser() throws Exception {
        String org = Fixtures.newOrg();
        String issuer = "m2m-" + org.substring(4, 12);
        JsonObject config = Fixtures.register(machineConfig(org, issuer));
        int before = Rig.oidc().requestCount(issuer, "token");

        // Neither user ever signed in: the machine token does not need them to.
        execute(call(org, "ann", TITLE, "GET", upstream.url("/catalogue")).put("grant", "client_credentials")).then().statusCode(200);
        int fetched = Rig.oidc().requestCount(issuer, "token");
        assertTrue(fetched > before, "fetched from the provider");
        execute(call(org, "bob", TITLE, "GET", upstream.url("/catalogue")).put("grant", "client_credentials")).then().statusCode(200);
        Response resolved = resolveMachine(org, "ann", null, TITLE);
        resolved.then().statusCode(200).header("Cache-Control", "no-store").body("configId", equalTo(config.getString("id")));

        String sent = upstream.received().get(0).header("Authorization").substring("Bearer ".length());
        assertEquals(sent, upstream.received().get(1).header("Authorization").substring("Bearer ".length()), "one token for the organisation");
        assertEquals(sent, resolved.jsonPath().getString("accessToken"));
        // One fetch (retried only if the provider was slow), then served from the cache to bob and to the resolve.
        assertEquals(fetched, Rig.oidc().requestCount(issuer, "token"), "fetched once, then cached");
        assertEquals("client_credentials", Rig.oidc().tokenRequests(issuer).get(Rig.oidc().tokenRequests(issuer).size() - 1).get("grant_type"));
        assertEquals(config.getString("clientId"), SignedJWT.parse(sent).getJWTClaimsSet().getSubject(), "the client's own token, no user's");
        Instant expiresAt = Instant.parse(resolved.jsonPath().getString("expiresAt"));
        assertTrue(expiresAt.isBefore(Instant.now().plus(Duration.ofMinutes(15))), "never past the platform lifetime: " + expiresAt);
        assertNull(Fixtures.tokenRow(org, config.getString("id"), "ann"), "no user token was stored");

        // The user's own token is still what a call without grant asks for.
        execute(call(org, "ann", TITLE, "GET", upstream.url("/mail"))).then().statusCode(401)
                .body("error.reason", equalTo("NOT_SIGNED_IN"));
    }

    @Test
    void anAliasOfTheSolutionResolvesToTheMachineTokenOfItsConfig() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(machineConfig(org, "m2m-alias"));
        FakeAliasService.alias(org, "sol-1", "Catalogue", new AliasResolution(java.util.UUID.randomUUID(), java.util.UUID.fromString(config.getString("id")), AliasStatus.OK, null));
        resolveMachine(org, "ann", "sol-1", "Catalogue").then().statusCode(200).body("configId", equalTo(config.getString("id")));
    }

    @Test
    void aProviderRefusingTheClientAnswersClientRefusedWithoutASignInUrlAndSendsNothing() {
        String org = Fixtures.newOrg();
        JsonObject config = machineConfig(org, "m2m-refused");
        // The provider knows the client with another secret: 401 invalid_client at its token endpoint.
        Rig.oidc().registerConfidentialClient(config.getString("clientId"), "not-the-stored-secret");
        Fixtures.register(config);
        int refusedBefore = Rig.oidc().refusedClientAuthentications("m2m-refused", "token");

        execute(call(org, "ann", TITLE, "GET", upstream.url("/catalogue")).put("grant", "client_credentials")).then().statusCode(401)
                .body("error.name", equalTo("OAuthCredentialsMissingError"))
                .body("error.reason", equalTo("CLIENT_REFUSED"))
                .body("error.signInUrl", nullValue())
                .body("error.configName", equalTo("Acme"));
        resolveMachine(org, "ann", null, TITLE).then().statusCode(401).body("error.reason", equalTo("CLIENT_REFUSED"));
        assertEquals(0, upstream.received().size());
        assertTrue(Rig.oidc().refusedClientAuthentications("m2m-refused", "token") > refusedBefore, "the provider did refuse the client");
    }

    @Test
    void anUnknownGrantIsA400NamingItAndTheUserMustStillBePresent() {
        String org = Fixtures.newOrg();
        Fixtures.register(machineConfig(org, "m2m-bad"));
        execute(call(org, "ann", TITLE, "GET", upstream.url("/x")).put("grant", "password")).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("grant"));
        resolveMachine(org, "ann", null, TITLE).then().statusCode(200);
        given().auth().oauth2(Functions.serviceToken()).contentType("application/json")
                .body(Functions.resolveBody(org, "ann", null, TITLE).put("grant", "client_credentials").encode())
                .when().post("/api/tokens/resolve").then().statusCode(401);
        assertEquals(0, upstream.received().size());
    }

    @Test
    void aConfigWithoutApiHostsHasNoAppOnlyAccessAndTheProviderIsNotAsked() {
        // The app's own permissions (e.g. application permissions at Entra) go only where an administrator said.
        String org = Fixtures.newOrg();
        Fixtures.register(Fixtures.config(org, "m2m-unlisted"));
        int before = Rig.oidc().requestCount("m2m-unlisted", "token");
        execute(call(org, "ann", TITLE, "GET", upstream.url("/catalogue")).put("grant", "client_credentials")).then().statusCode(403)
                .body("error.name", equalTo("FunctionNotAllowedError"))
                .body("error.message", containsString("API hosts"));
        resolveMachine(org, "ann", null, TITLE).then().statusCode(403).body("error.name", equalTo("FunctionNotAllowedError"))
                .body("accessToken", nullValue());
        assertEquals(before, Rig.oidc().requestCount("m2m-unlisted", "token"), "no client credentials were asked for");
        assertEquals(0, upstream.received().size());
    }
}
