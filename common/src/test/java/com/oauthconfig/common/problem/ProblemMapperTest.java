package com.oauthconfig.common.problem;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Every way a request can fail comes back as problem+json, naming the field, never leaking internals. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class ProblemMapperTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aDeclaredBodyOverTheLimitIs413ProblemBeforeAnythingReadsIt() {
        String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        given().contentType("application/json").body(big).post("/test/problems")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("urn:oauth-platform:problem:payload-too-large"))
                .body("detail", containsString("65536"));
        given().contentType("application/json").body("{\"name\":\"" + "x".repeat(60_000) + "\"}").post("/test/problems")
                .then().statusCode(200);
    }

    @Test
    void aDeclaredBodyOverTheTransportCapIsAlso413Problem() {
        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        given().contentType("application/json").body(huge).post("/test/problems")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("urn:oauth-platform:problem:payload-too-large"));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413ProblemWhileReading() throws Exception {
        // Sent without a Content-Length (chunked): the limit must hold while the body is read.
        for (int size : new int[] {70_000, 3 * 1024 * 1024}) {
            HttpResponse<String> answer = postChunked("{\"name\":\"" + "x".repeat(size) + "\"}");
            assertEquals(413, answer.statusCode(), "chunked body of " + size + " bytes");
            assertEquals(PROBLEM, answer.headers().firstValue("content-type").orElse(""));
            assertTrue(answer.body().contains("urn:oauth-platform:problem:payload-too-large"), answer.body());
        }
        HttpResponse<String> small = postChunked("{\"name\":\"" + "x".repeat(60_000) + "\"}");
        assertEquals(200, small.statusCode(), small.body());
        assertTrue(small.body().contains("xxxx"));
    }

    private static HttpResponse<String> postChunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/test/problems"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedJsonIs400() {
        given().contentType("application/json").body("{\"name\": ").post("/test/problems")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("urn:oauth-platform:problem:malformed-body"));
    }

    @Test
    void unknownFieldIs400NamingIt() {
        given().contentType("application/json").body("{\"name\":\"a\",\"colour\":\"red\"}").post("/test/problems")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("colour"))
                .body("errors[0].rule", equalTo("unknown field"));
    }

    @Test
    void wrongTypeIs400NamingFieldAndExpectedType() {
        given().contentType("application/json").body("{\"count\":\"many\"}").post("/test/problems")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("count"))
                .body("errors[0].rule", equalTo("must be a number"));
        given().contentType("application/json").body("{\"kind\":\"AZURE\"}").post("/test/problems")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("kind"))
                .body("errors[0].rule", equalTo("must be one of GRAPH, OKTA"));
        given().contentType("application/json").body("{\"tags\":[1,{}]}").post("/test/problems")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("tags[1]"));
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        given().contentType("application/json").body("[1,2]").post("/test/problems")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void unknownPathAndWrongMethodAndMediaTypeAreProblems() {
        given().get("/test/nowhere").then().statusCode(404).contentType(PROBLEM);
        given().delete("/test/problems").then().statusCode(405).contentType(PROBLEM);
        given().contentType("text/plain").body("x").post("/test/problems").then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void missingOrForgedTokenIs401WithBearerChallenge() {
        given().get("/test/problems/orgs/acme").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer"));
        String token = Rig.oidc().platformToken("alice", "acme", "ADMIN");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
        given().auth().oauth2(forged).get("/test/problems/orgs/acme").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void anotherOrganisationIs404AndAMissingRoleIs403() {
        given().auth().oauth2(Rig.oidc().platformToken("alice", "acme", "ADMIN")).get("/test/problems/orgs/acme")
                .then().statusCode(200).body(equalTo("acme"));
        given().auth().oauth2(Rig.oidc().platformToken("mallory", "evil", "ADMIN")).get("/test/problems/orgs/acme")
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(Rig.oidc().platformToken("bob", "acme", "MEMBER")).get("/test/problems/orgs/acme")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void unexpectedFailuresAre500WithAnIncidentIdAndNoInternals() {
        given().get("/test/problems/boom").then().statusCode(500).contentType(PROBLEM)
                .body("incident", org.hamcrest.Matchers.notNullValue())
                .body(not(containsString("hunter2")))
                .body(not(containsString("IllegalStateException")));
    }
}
