package com.oauthconfig.localstack;

import com.nimbusds.jose.JOSEObjectType;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A token's whole life against a provider configured like many production tenants, across the
 * real services: a user signs in and gets 15-second access tokens; the token obtained at sign-in
 * is served for most of its life; once it is about to expire, a burst of concurrent calls makes
 * exactly one refresh; a forced removal of the configuration then revokes the user's grant at the
 * provider, authenticated with the client's secret, which the provider checks.
 */
class TokenLifecycleIT {

    private static final String ISSUER_ID = "lifecycle-idp";
    private static final long LIFETIME_SECONDS = 15;
    private static final int BURST = 30;

    private final LocalStack stack = Stack.get();

    @Test
    void signInShortLivedTokensOneRefreshPerExpiryThenRemovalRevokesAtTheProviderWithTheSecret() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String clientId = "lifecycle-client-" + UUID.randomUUID();
        String secret = "lifecycle-secret-" + UUID.randomUUID();
        // The provider refuses this client's token and revocation calls without its secret.
        stack.oidc().registerConfidentialClient(clientId, secret);
        String title = "acme.lifecycle.token";
        String configId = given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "Acme Lifecycle", "title", title, "type", "OPENID", "domains", List.of("*"),
                        "redirectUrls", List.of("https://app.example.com/callback"), "clientId", clientId,
                        "clientSecret", secret, "issuer", stack.oidc().issuer(ISSUER_ID),
                        "scopes", List.of("openid", "offline_access")))
                .post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");

        String user = "bob-" + UUID.randomUUID();
        String usersOwnToken = stack.oidc().platformToken(user, org, "MEMBER");
        // Every access token of this grant (sign-in and each refresh) lives 15 seconds.
        stack.oidc().server().enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, user, JOSEObjectType.JWT.getType(),
                null, Map.of(), LIFETIME_SECONDS));
        Flows.signIn(stack.url(LocalStack.TOKEN), org, configId, usersOwnToken);
        int tokenCallsAfterSignIn = stack.oidc().requestCount(ISSUER_ID, "token");

        // Right after sign-in the fresh token is served, without any refresh.
        String signedIn = resolve(org, user, usersOwnToken, title).then().statusCode(200).extract().path("accessToken");
        assertEquals(tokenCallsAfterSignIn, stack.oidc().requestCount(ISSUER_ID, "token"), "refreshes of a fresh token");

        // Once the token is about to expire, a burst makes exactly one refresh and all get the new token.
        await().pollDelay(Duration.ofSeconds(LIFETIME_SECONDS - 3)).atMost(Duration.ofSeconds(LIFETIME_SECONDS + 30))
                .until(() -> true);
        List<CompletableFuture<Response>> burst = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            burst.add(CompletableFuture.supplyAsync(() -> resolve(org, user, usersOwnToken, title)));
        }
        List<String> served = new ArrayList<>();
        for (CompletableFuture<Response> call : burst) {
            served.add(call.get(60, TimeUnit.SECONDS).then().statusCode(200).extract().path("accessToken"));
        }
        assertEquals(tokenCallsAfterSignIn + 1, stack.oidc().requestCount(ISSUER_ID, "token"), "refreshes for the burst");
        assertEquals(1, served.stream().distinct().count(), "one new token for the whole burst");
        assertNotEquals(signedIn, served.get(0), "the refreshed token, not the expiring one");

        // A forced removal revokes the user's grant at the provider, with the client's secret.
        int revocationsBefore = stack.oidc().requestCount(ISSUER_ID, "revoke");
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).queryParam("force", true)
                .delete("/api/orgs/{org}/oauth-configs/{id}", org, configId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(60)).until(() -> stack.oidc().requestCount(ISSUER_ID, "revoke") > revocationsBefore);
        assertEquals(0, stack.oidc().refusedClientAuthentications(ISSUER_ID, "revoke"), "revocations refused for want of the secret");
        resolve(org, user, usersOwnToken, title).then().statusCode(401).body("error.reason", equalTo("CONFIG_REMOVED"));
    }

    private Response resolve(String org, String user, String usersOwnToken, String title) {
        return given().baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(stack.oidc().serviceToken("function-runtime"))
                .header("X-User-Token", usersOwnToken).contentType(ContentType.JSON)
                .body(Map.of("orgId", org, "userId", user, "tokenReference", title, "url", "https://crm.example.test/contacts"))
                .post("/api/tokens/resolve");
    }
}
