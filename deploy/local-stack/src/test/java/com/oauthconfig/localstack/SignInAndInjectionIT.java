package com.oauthconfig.localstack;

import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user signs in to a third-party provider through the token-service, an app's REST function
 * then reaches a third-party API with that user's token, and removing the config turns the next
 * call into the OAuthCredentialsMissingError the apps match on — all across the real services.
 */
class SignInAndInjectionIT {

    private final LocalStack stack = Stack.get();
    private HttpServer upstream;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/crm/contacts", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"contacts\":[\"Ada\"]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Upstream", "crm");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    @Test
    void aSignedInUsersTokenReachesTheApiAndAfterRemovalTheAppGetsOAuthCredentialsMissingError() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String issuer = stack.oidc().issuer("acme-idp");
        String configId = Flows.createConfig(stack, org, admin, "acme.crm.token", "acme-idp", "e2e-secret-" + UUID.randomUUID());

        // The user starts the sign-in, the provider redirects back with a code, the app completes it.
        String user = "bob-" + UUID.randomUUID();
        Flows.signIn(stack.url(LocalStack.TOKEN), org, configId, stack.oidc().platformToken(user, org, "MEMBER"));

        // The app's REST function runs through the token-service with bob's provider token.
        String runtime = stack.oidc().serviceToken("function-runtime");
        // The runtime acts only for a user who is present: bob's own platform token goes along.
        String bobsOwnToken = stack.oidc().platformToken(user, org, "MEMBER");
        Map<String, Object> call = new HashMap<>(Map.of("orgId", org, "userId", user, "tokenReference", "acme.crm.token",
                "method", "GET", "url", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/crm/contacts",
                "headers", Map.of("Authorization", "Bearer forged-by-caller", "Accept", "application/json")));
        given().baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(runtime).header("X-User-Token", bobsOwnToken)
                .contentType(ContentType.JSON).body(call)
                .header("X-Correlation-Id", "e2e-1")
                .post("/api/functions/execute")
                .then().statusCode(200).header("X-Upstream", "crm").header("X-Correlation-Id", "e2e-1")
                .body("contacts[0]", equalTo("Ada"));
        assertEquals(1, authorizations.size());
        String sent = authorizations.get(0);
        assertTrue(sent.startsWith("Bearer ey"), "the provider's token, not the caller's: " + sent);
        String claims = new String(Base64.getUrlDecoder().decode(sent.substring(7).split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"iss\":\"" + issuer + "\""), claims);

        // The config is removed. The token-service learns it from the change event (well under a second,
        // bench row 4); resolve shows when, without calling the API. From then on the app is told to
        // recover and no token leaves.
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).queryParam("force", true)
                .delete("/api/orgs/{org}/oauth-configs/{id}", org, configId).then().statusCode(204);
        Map<String, Object> resolve = Map.of("orgId", org, "userId", user, "tokenReference", "acme.crm.token",
                "url", "https://crm.example.test/contacts");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(runtime).header("X-User-Token", bobsOwnToken)
                        .contentType(ContentType.JSON).body(resolve)
                        .post("/api/tokens/resolve")
                        .then().statusCode(401).body("error.reason", equalTo("CONFIG_REMOVED")));
        int before = authorizations.size();
        given().baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(runtime).header("X-User-Token", bobsOwnToken)
                .contentType(ContentType.JSON).body(call)
                .post("/api/functions/execute")
                .then().statusCode(401)
                .body("error.name", equalTo("OAuthCredentialsMissingError"))
                .body("error.reason", equalTo("CONFIG_REMOVED"));
        assertEquals(before, authorizations.size(), "nothing reached the API once the removal was applied");
    }
}
