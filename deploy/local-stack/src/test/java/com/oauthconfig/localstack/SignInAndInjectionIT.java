package com.oauthconfig.localstack;

import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        String configId = given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "Acme CRM", "title", "acme.crm.token", "type", "OPENID", "domains", List.of("*"),
                        "redirectUrls", List.of("https://app.example.com/callback"), "clientId", "acme-client",
                        "clientSecret", "e2e-secret-" + UUID.randomUUID(), "issuer", issuer,
                        "scopes", List.of("openid", "offline_access")))
                .post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");

        // The user starts the sign-in, the provider redirects back with a code, the app completes it.
        String user = "bob-" + UUID.randomUUID();
        String bob = stack.oidc().platformToken(user, org, "MEMBER");
        String authorizationUrl = given().baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(bob).contentType(ContentType.JSON)
                .body("{}").post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, configId)
                .then().statusCode(200).extract().path("authorizationUrl");
        assertTrue(authorizationUrl.startsWith(issuer + "/authorize?"), authorizationUrl);
        Map<String, String> redirect = query(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(authorizationUrl)).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow());
        given().baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(bob)
                .queryParam("code", redirect.get("code")).queryParam("state", redirect.get("state"))
                .get("/api/oauth/callback").then().statusCode(200).body("status", equalTo("SIGNED_IN"));

        // The app's REST function runs through the token-service with bob's provider token.
        String runtime = stack.oidc().serviceToken("function-runtime");
        Map<String, Object> call = new HashMap<>(Map.of("orgId", org, "userId", user, "tokenReference", "acme.crm.token",
                "method", "GET", "url", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/crm/contacts",
                "headers", Map.of("Authorization", "Bearer forged-by-caller", "Accept", "application/json")));
        given().baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(runtime).contentType(ContentType.JSON).body(call)
                .header("X-Correlation-Id", "e2e-1")
                .post("/api/functions/execute")
                .then().statusCode(200).header("X-Upstream", "crm").header("X-Correlation-Id", "e2e-1")
                .body("contacts[0]", equalTo("Ada"));
        assertEquals(1, authorizations.size());
        String sent = authorizations.get(0);
        assertTrue(sent.startsWith("Bearer ey"), "the provider's token, not the caller's: " + sent);
        String claims = new String(Base64.getUrlDecoder().decode(sent.substring(7).split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"iss\":\"" + issuer + "\""), claims);

        // The config is removed: the next call tells the app to recover, and no token leaves.
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).queryParam("force", true)
                .delete("/api/orgs/{org}/oauth-configs/{id}", org, configId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(runtime).contentType(ContentType.JSON).body(call)
                        .post("/api/functions/execute")
                        .then().statusCode(401)
                        .body("error.name", equalTo("OAuthCredentialsMissingError"))
                        .body("error.reason", equalTo("CONFIG_REMOVED")));
        assertEquals(1, authorizations.size(), "nothing reached the API after removal");
    }

    private static Map<String, String> query(String location) {
        Map<String, String> params = new HashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }
}
