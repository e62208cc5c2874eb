package com.oauthconfig.token;

import java.net.URL;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.store.AccessTokenCache;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token-service with "PostgreSQL stopped and restarted under load": while the
 * database is away, concurrent resolve, execute, authorize and callback calls each answer 503
 * naming {@code postgresql} within a client bound (a hang fails the test), readiness is DOWN and
 * then UP, no token row or sign-in state is half-written, and everything works again afterwards.
 * <p>
 * Decided and asserted: a token that was in this replica's in-memory cache before the outage is
 * NOT served while the database is away. The cache is only trusted while the LISTEN connection
 * that carries revocations and sign-outs from other replicas is up; with the database gone that
 * connection is gone, so a signed-out user's token could otherwise be handed out.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class DatabaseOutageTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    static final String ISSUER = "acme-okta";
    /** Longer than any server-side bound; a request still open after it hung. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TestHTTPResource("/")
    URI base;
    @Inject
    AccessTokenCache cache;

    private enum Kind { RESOLVE_CACHED, RESOLVE_EXPIRED, EXECUTE, AUTHORIZE, CALLBACK }

    private record Call(Kind kind, CompletableFuture<HttpResponse<String>> response) {
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder r) {
        return HTTP.sendAsync(r.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST; an injection call carries the named user's own platform token. */
    private HttpRequest.Builder post(String path, String bearer, JsonObject body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body.getString("userId") != null) {
            r.header(Functions.USER_TOKEN, Functions.userToken(body.getString("orgId"), body.getString("userId")));
        }
        return r;
    }

    private static JsonObject resolveBody(String org, String user, String title) {
        return Functions.resolveBody(org, user, null, title);
    }

    private static Map<String, Object> row(JsonObject config, String user) {
        return Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), user);
    }

    private static long authStates(String org) {
        return (Long) Fixtures.row("select count(*) as n from auth_state where org_id = ?", org).get("n");
    }

    @Test
    void whileTheDatabaseIsDownEveryCallAnswers503NamingPostgresqlReadinessIsDownAndNothingIsHalfWritten() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String configId = config.getString("id");
        String title = config.getString("title");
        Fixtures.signIn("ann", org, configId);
        Fixtures.signIn("bob", org, configId);
        Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ? and user_id = 'bob'", org);
        String service = Functions.serviceToken();
        // ann's token is served (and cached) before the outage.
        String annToken = Functions.resolve(org, "ann", null, title).then().statusCode(200).extract().path("accessToken");
        Map<String, Object> annBefore = row(config, "ann");
        Map<String, Object> bobBefore = row(config, "bob");
        // cat started a sign-in before the outage and comes back from the provider during it.
        String catToken = userToken("cat", org);
        Map<String, String> catRedirect = followToProvider(authorizationUrl(catToken, org, configId));
        long statesBefore = authStates(org);
        String annPlatform = userToken("ann", org);
        int providerCalls = Rig.oidc().requestCount(ISSUER, "token");

        List<Call> calls = new ArrayList<>();
        try (Upstream upstream = new Upstream()) {
            Rig.postgres().stop();
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        given().get(ready).then().statusCode(503).body("status", equalTo("DOWN")));
                await().atMost(Duration.ofSeconds(30)).until(() -> !cache.isListening());

                for (int i = 0; i < 4; i++) {
                    calls.add(new Call(Kind.RESOLVE_CACHED, send(post("api/tokens/resolve", service, resolveBody(org, "ann", title)))));
                    calls.add(new Call(Kind.RESOLVE_EXPIRED, send(post("api/tokens/resolve", service, resolveBody(org, "bob", title)))));
                    calls.add(new Call(Kind.EXECUTE, send(post("api/functions/execute", service,
                            Functions.call(org, "ann", title, "GET", upstream.url("/data"))))));
                    calls.add(new Call(Kind.AUTHORIZE, send(post("api/orgs/" + org + "/oauth-configs/" + configId + "/authorize",
                            annPlatform, new JsonObject()))));
                    calls.add(new Call(Kind.CALLBACK, send(HttpRequest.newBuilder(base.resolve("api/oauth/callback?code="
                            + catRedirect.get("code") + "&state=" + catRedirect.get("state"))).header("Authorization", "Bearer " + catToken).GET())));
                }
                for (Call call : calls) {
                    HttpResponse<String> r;
                    try {
                        r = call.response().join();
                    } catch (CompletionException e) {
                        throw new AssertionError(e.getCause() instanceof HttpTimeoutException
                                ? call.kind() + " hung past " + REQUEST_TIMEOUT + " while the database was down" : call.kind() + " failed: " + e.getCause(), e);
                    }
                    assertEquals(503, r.statusCode(), call.kind() + ": " + r.body());
                    String contentType = r.headers().firstValue("Content-Type").orElse("");
                    JsonObject body = new JsonObject(r.body());
                    if (call.kind() == Kind.AUTHORIZE || call.kind() == Kind.CALLBACK) {
                        assertTrue(contentType.startsWith("application/problem+json"), call.kind() + ": " + contentType);
                        assertEquals("postgresql", body.getString("dependency"), call.kind() + ": " + r.body());
                        assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
                    } else {
                        // The injection endpoints keep their error catalogue (the apps' handlers match error.name).
                        assertTrue(contentType.startsWith("application/json"), call.kind() + ": " + contentType);
                        assertEquals("DependencyUnavailableError", body.getJsonObject("error").getString("name"), call.kind() + ": " + r.body());
                        assertEquals("postgresql", body.getJsonObject("error").getString("dependency"), call.kind() + ": " + r.body());
                        assertFalse(r.body().contains(annToken), "no token in a failure");
                    }
                }
                assertFalse(cache.isListening(), "the cache stayed off for the whole outage");
                assertEquals(0, upstream.received().size(), "no function call went out without a token");
            } finally {
                Rig.postgres().start();
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get(ready).then().statusCode(200).body("status", equalTo("UP")));
        assertEquals(providerCalls, Rig.oidc().requestCount(ISSUER, "token"), "no refresh or code exchange reached the provider");
        // Nothing half-written: both rows exactly as before, no row for cat, no sign-in state added or taken.
        assertEquals(annBefore, row(config, "ann"));
        assertEquals(bobBefore, row(config, "bob"));
        assertNull(row(config, "cat"));
        assertEquals(statesBefore, authStates(org));

        // The service works again: the stored token, a refresh with the kept refresh token, cat's sign-in.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Functions.resolve(org, "ann", null, title).then().statusCode(200).body("accessToken", equalTo(annToken)));
        String bobToken = Functions.resolve(org, "bob", null, title).then().statusCode(200).extract().path("accessToken");
        assertNotEquals(null, bobToken);
        assertEquals(providerCalls + 1, Rig.oidc().requestCount(ISSUER, "token"), "bob's refresh, once");
        Fixtures.callback(catToken, catRedirect.get("code"), catRedirect.get("state"), null).then().statusCode(200)
                .body("status", equalTo("SIGNED_IN"));
        await().atMost(Duration.ofSeconds(30)).until(cache::isListening);
    }
}
