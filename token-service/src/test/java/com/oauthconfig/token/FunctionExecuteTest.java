package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.injection.FunctionErrorResponse;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URL;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.oauthconfig.token.support.Functions.call;
import static com.oauthconfig.token.support.Functions.execute;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/functions/execute against a real upstream HTTP server, real provider tokens and the real database. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class FunctionExecuteTest {

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    static final String ISSUER = "acme-okta";

    @Inject
    EnvelopeCipher cipher;

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private JsonObject configWithUsers(String org, String... users) {
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        for (String user : users) {
            Fixtures.signIn(user, org, config.getString("id"));
        }
        return config;
    }

    @Test
    void eachCallCarriesTheBearerTokenOfItsOwnUserInItsOwnOrganisation() {
        String orgA = Fixtures.newOrg();
        String orgB = Fixtures.newOrg();
        JsonObject a = configWithUsers(orgA, "ann", "bob");
        // Same title, same user id, another organisation: must never be mixed up.
        JsonObject b = configWithUsers(orgB, "ann");

        execute(call(orgA, "ann", "acme.oauth.token", "GET", upstream.url("/me"))).then().statusCode(200);
        String annA = upstream.last().header("Authorization");
        execute(call(orgA, "bob", "acme.oauth.token", "GET", upstream.url("/me"))).then().statusCode(200);
        String bobA = upstream.last().header("Authorization");
        execute(call(orgB, "ann", "acme.oauth.token", "GET", upstream.url("/me"))).then().statusCode(200);
        String annB = upstream.last().header("Authorization");

        assertEquals("Bearer " + Functions.storedAccessToken(cipher, a, "ann"), annA);
        assertEquals("Bearer " + Functions.storedAccessToken(cipher, a, "bob"), bobA);
        assertEquals("Bearer " + Functions.storedAccessToken(cipher, b, "ann"), annB);
        assertEquals(3, List.of(annA, bobA, annB).stream().distinct().count());

        // A user of org A who never signed in gets no token at all, not a colleague's.
        Response carol = execute(call(orgA, "carol", "acme.oauth.token", "GET", upstream.url("/me")));
        carol.then().statusCode(401).body("error.name", equalTo("OAuthCredentialsMissingError"));
        assertEquals(3, upstream.received().size());
    }

    @Test
    void statusHeadersAndBodyOfTheUpstreamComeBackUnchangedAndTheCallIsForwardedFaithfully() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        upstream.answer(req -> req.response().setStatusCode(207).putHeader("Content-Type", "application/vnd.acme+json")
                .putHeader("X-Rate-Limit", "41").putHeader("Set-Cookie", (Iterable<String>) List.of("a=1", "b=2")).putHeader("ETag", "\"v7\"")
                .end("{\"items\":[1,2,3]}"));
        JsonObject call = call(org, "ann", "acme.oauth.token", "PUT", upstream.url("/items/7?fixed=yes"))
                .put("headers", new JsonObject().put("X-Custom", "kept").put("Accept", "application/json")
                        .put("Authorization", "Bearer smuggled").put("Cookie", "session=stolen"))
                .put("query", new JsonObject().put("filter", "name eq 'a&b'"))
                .put("body", new JsonObject().put("name", "seven"));

        Response r = execute(call, "corr-123");

        r.then().statusCode(207);
        assertEquals("application/vnd.acme+json", r.contentType());
        assertEquals("41", r.header("X-Rate-Limit"));
        assertEquals("\"v7\"", r.header("ETag"));
        assertEquals(List.of("a=1", "b=2"), r.headers().getValues("Set-Cookie"));
        assertEquals("{\"items\":[1,2,3]}", r.body().asString());
        assertEquals("corr-123", r.header("X-Correlation-Id"));

        Upstream.Received got = upstream.last();
        assertEquals("PUT", got.method());
        assertEquals("/items/7?fixed=yes&filter=name%20eq%20%27a%26b%27", got.uri());
        assertEquals("kept", got.header("X-Custom"));
        assertEquals("corr-123", got.header("X-Correlation-Id"));
        assertNotEquals("Bearer smuggled", got.header("Authorization"));
        assertEquals(1, got.headers().getAll("Authorization").size());
        assertNull(got.header("Cookie"), "inbound cookies are stripped");
        assertEquals("application/json", got.header("Content-Type"));
        assertEquals("{\"name\":\"seven\"}", got.body());
    }

    @Test
    void whateverTheCallerAcceptsTheUpstreamAnswerComesBackAsItIs() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        upstream.answer(req -> req.response().putHeader("Content-Type", "text/csv").end("a,b\n1,2\n"));
        for (String accept : new String[] {"application/json", "text/html", "*/*"}) {
            Response r = given().auth().oauth2(Functions.serviceToken()).header(Functions.USER_TOKEN, Functions.userToken(org, "ann"))
                    .accept(accept).contentType("application/json")
                    .body(call(org, "ann", "acme.oauth.token", "GET", upstream.url("/csv")).encode())
                    .when().post("/api/functions/execute");
            r.then().statusCode(200);
            assertEquals("text/csv", r.contentType());
            assertEquals("a,b\n1,2\n", r.body().asString());
        }
        // An error answer is JSON whatever was accepted.
        given().auth().oauth2(Functions.serviceToken()).header(Functions.USER_TOKEN, Functions.userToken(org, "nobody"))
                .accept("text/html").contentType("application/json")
                .body(call(org, "nobody", "acme.oauth.token", "GET", upstream.url("/csv")).encode())
                .when().post("/api/functions/execute").then().statusCode(401).contentType("application/json")
                .body("error.name", equalTo("OAuthCredentialsMissingError"));
    }

    @Test
    void theOpenApiDocumentDescribesTheInjectionEndpointsAndTheirErrors() {
        String doc = given().when().queryParam("format", "json").get(openapi).then().statusCode(200).extract().asString();
        for (String expected : new String[] {"/api/functions/execute", "/api/tokens/resolve", "FunctionErrorResponse",
                "OAuthCredentialsMissingError", "ALIAS_BROKEN", "UpstreamTimeoutError"}) {
            assertTrue(doc.contains(expected), expected);
        }
    }

    @Test
    void withoutACorrelationIdOneIsGeneratedSentUpstreamAndReturned() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        Response r = execute(call(org, "ann", "acme.oauth.token", "GET", upstream.url("/x")), "bad id with spaces\t");
        String id = r.header("X-Correlation-Id");
        assertTrue(id.matches("[0-9a-f-]{36}"), id);
        assertEquals(id, upstream.last().header("X-Correlation-Id"));
    }

    @Test
    void aMultiMegabyteBodyIsStreamedThroughByteForByte() throws Exception {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        Buffer chunk = Upstream.bytes(256 * 1024, (byte) 3);
        int chunks = 48; // 12 MiB
        upstream.answer(req -> {
            var res = req.response().setChunked(true).putHeader("Content-Type", "application/octet-stream");
            for (int i = 0; i < chunks; i++) {
                res.write(chunk);
            }
            res.end();
        });
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < chunks; i++) {
            expected.update(chunk.getBytes());
        }

        HttpResponse<InputStream> r = rawExecute(call(org, "ann", "acme.oauth.token", "GET", upstream.url("/big")));

        assertEquals(200, r.statusCode());
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                actual.update(buf, 0, n);
                total += n;
            }
        }
        assertEquals(256L * 1024 * chunks, total);
        assertArrayEquals(expected.digest(), actual.digest());
    }

    @Test
    void theFirstBytesReachTheCallerBeforeTheUpstreamHasFinished() throws Exception {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        CountDownLatch callerSawFirstBytes = new CountDownLatch(1);
        upstream.answer(req -> {
            var res = req.response().setChunked(true);
            res.write("first-part;");
            // The rest is only sent once the caller has read the first part: a service that buffered
            // the whole body would never deliver it, and this test would time out.
            upstream.vertx().executeBlocking(() -> callerSawFirstBytes.await(20, TimeUnit.SECONDS))
                    .onComplete(done -> res.end("rest"));
        });

        HttpResponse<InputStream> r = rawExecute(call(org, "ann", "acme.oauth.token", "GET", upstream.url("/stream")));

        try (InputStream in = r.body()) {
            byte[] first = in.readNBytes("first-part;".length());
            assertEquals("first-part;", new String(first));
            callerSawFirstBytes.countDown();
            assertEquals("rest", new String(in.readAllBytes()));
        }
    }

    @Test
    void aRedirectIsPassedBackAndItsTargetNeverSeesTheToken() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        try (Upstream elsewhere = new Upstream()) {
            upstream.answer(req -> req.response().setStatusCode(302).putHeader("Location", elsewhere.url("/collect")).end());

            Response r = execute(call(org, "ann", "acme.oauth.token", "GET", upstream.url("/moved")));

            r.then().statusCode(302);
            assertEquals(elsewhere.url("/collect"), r.header("Location"));
            assertEquals(1, upstream.received().size());
            assertEquals(0, elsewhere.received().size(), "the redirect target received nothing");
        }
    }

    @Test
    void headerValuesWithLineBreaksAreRefusedBeforeAnythingIsSent() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        JsonObject call = call(org, "ann", "acme.oauth.token", "GET", upstream.url("/x"))
                .put("headers", new JsonObject().put("X-Injected", "a\r\nX-Evil: 1"));

        execute(call).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("headers.X-Injected"));
        assertEquals(0, upstream.received().size());
    }

    @Test
    void hostsOutsideTheConfigsApiHostsAreRefusedWithoutTheTokenLeaving() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.config(org, ISSUER).put("apiHosts", new JsonArray().add("api.acme.example").add("*.acme.example"));
        Fixtures.register(config);
        Fixtures.signIn("ann", org, config.getString("id"));

        Response r = execute(call(org, "ann", "acme.oauth.token", "GET", upstream.url("/x")));

        r.then().statusCode(403).body("error.name", equalTo("FunctionNotAllowedError"));
        assertEquals(0, upstream.received().size());

        // Listed (with its port): the call goes through.
        config.put("apiHosts", new JsonArray().add("api.acme.example").add("localhost:" + upstream.port())).put("version", 2);
        Fixtures.register(config);
        evictConfigs(config);
        execute(call(org, "ann", "acme.oauth.token", "GET", upstream.url("/x"))).then().statusCode(200);
        assertEquals(1, upstream.received().size());
    }

    @Inject
    com.oauthconfig.token.peers.OAuthConfigCache configSource;

    private void evictConfigs(JsonObject config) {
        configSource.evict(config.getString("id"));
    }

    @Test
    void anUpstreamThatDoesNotAnswerEndsInUpstreamTimeoutError() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        upstream.answer(req -> { });

        execute(call(org, "ann", "acme.oauth.token", "GET", upstream.url("/slow")), "corr-slow").then().statusCode(504)
                .body("error.name", equalTo("UpstreamTimeoutError")).body("error.correlationId", equalTo("corr-slow"));
    }

    @Test
    void anUpstreamThatCannotBeReachedEndsInUpstreamUnreachableError() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        String url = upstream.url("/gone");
        upstream.close();

        execute(call(org, "ann", "acme.oauth.token", "GET", url)).then().statusCode(502)
                .body("error.name", equalTo("UpstreamUnreachableError"));
    }

    @Test
    void onlyPlatformServicesMayExecuteAndBadCallsNameTheirField() {
        String org = Fixtures.newOrg();
        JsonObject call = call(org, "ann", "acme.oauth.token", "GET", upstream.url("/x"));
        given().contentType("application/json").body(call.encode()).when().post("/api/functions/execute")
                .then().statusCode(401);
        given().auth().oauth2(Fixtures.userToken("ann", org)).contentType("application/json").body(call.encode())
                .when().post("/api/functions/execute").then().statusCode(403);
        execute(call.copy().put("url", "ftp://x.example/y")).then().statusCode(400).body("errors[0].field", equalTo("url"));
        execute(call.copy().put("method", "TRACE")).then().statusCode(400).body("errors[0].field", equalTo("method"));
        execute(call.copy().put("tokenReference", "")).then().statusCode(400).body("errors[0].field", equalTo("tokenReference"));
        execute(call.copy().put("unknown", 1)).then().statusCode(400);
        assertEquals(0, upstream.received().size());
    }

    @Test
    void noInjectedTokenReachesTheLogsOnSuccessOrFailure() {
        SecretsNeverLoggedTest.Capture capture = new SecretsNeverLoggedTest.Capture();
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            String org = Fixtures.newOrg();
            JsonObject config = configWithUsers(org, "ann");
            execute(call(org, "ann", "acme.oauth.token", "GET", upstream.url("/ok?secret=q"))).then().statusCode(200);
            Functions.resolve(org, "ann", null, "acme.oauth.token").then().statusCode(200);
            String url = upstream.url("/gone?secret=q");
            upstream.close();
            execute(call(org, "ann", "acme.oauth.token", "GET", url)).then().statusCode(502);
            assertTrue(capture.lines.stream().anyMatch(l -> l.contains("function call to")), "the failure was logged");

            String logs = String.join("\n", capture.lines);
            String access = Functions.storedAccessToken(cipher, config, "ann");
            assertFalse(logs.contains(access), "the access token reached the logs");
            assertFalse(logs.contains("secret=q"), "query strings of function URLs are not logged");
            assertFalse(logs.contains("eyJ"), "no JWT in the logs");
        } finally {
            root.removeHandler(capture);
        }
    }

    private static HttpResponse<InputStream> rawExecute(JsonObject call) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                                + "/api/functions/execute"))
                        .header("Authorization", "Bearer " + Functions.serviceToken())
                        .header(Functions.USER_TOKEN, Functions.userToken(call.getString("orgId"), call.getString("userId")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(call.encode())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
