package com.oauthconfig.localstack;

import io.restassured.http.ContentType;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The steps the end-to-end flows share, through the services' real HTTP interfaces. */
final class Flows {

    private Flows() {
    }

    /** Creates an OpenID config against a third-party issuer of the rig's provider; returns its id. */
    static String createConfig(LocalStack stack, String org, String admin, String title, String issuerId, String secret) {
        return given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "Acme CRM", "title", title, "type", "OPENID", "domains", List.of("*"),
                        "redirectUrls", List.of("https://app.example.com/callback"), "clientId", "acme-client",
                        "clientSecret", secret, "issuer", stack.oidc().issuer(issuerId),
                        "scopes", List.of("openid", "offline_access")))
                .post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");
    }

    /**
     * The authorization-code sign-in as an app drives it: start at the token-service (any instance),
     * follow the provider's authorization URL, and hand the code and state back to the callback.
     */
    static void signIn(String tokenServiceUrl, String org, String configId, String userPlatformToken)
            throws IOException, InterruptedException {
        String authorizationUrl = given().baseUri(tokenServiceUrl).auth().oauth2(userPlatformToken).contentType(ContentType.JSON)
                .body("{}").post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, configId)
                .then().statusCode(200).extract().path("authorizationUrl");
        String location = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(authorizationUrl)).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
        Map<String, String> redirect = query(location);
        given().baseUri(tokenServiceUrl).auth().oauth2(userPlatformToken)
                .queryParam("code", redirect.get("code")).queryParam("state", redirect.get("state"))
                .get("/api/oauth/callback").then().statusCode(200).body("status", equalTo("SIGNED_IN"));
    }

    /**
     * Expires the user's stored access token by hand, as an operator's tool would. The change
     * reaches each token-service instance's token cache as a database notification shortly after
     * the commit; until then an instance that has served the token may serve it from its cache.
     */
    static void expireAccessToken(LocalStack stack, String org, String user) {
        try (Connection c = stack.postgres().connect("token_service");
             PreparedStatement expire = c.prepareStatement(
                     "update user_token set access_expires_at = now() - interval '1 second' where org_id = ? and user_id = ?")) {
            expire.setString(1, org);
            expire.setString(2, user);
            assertEquals(1, expire.executeUpdate(), "one stored token for " + user);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> query(String location) {
        Map<String, String> params = new HashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }
}
