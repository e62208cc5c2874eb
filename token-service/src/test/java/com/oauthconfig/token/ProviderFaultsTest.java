package com.oauthconfig.token;

import com.nimbusds.jose.JOSEObjectType;
import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
import java.util.function.Consumer;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "identity provider slow, 5xx, garbage, closing the connection": each fault, on the
 * refresh behind the injection path and on the code exchange, answers a distinct named error
 * within the policy's time bound, keeps the stored refresh token (a later healthy provider is
 * sent exactly that token), retries only what may pass with growing delays, and the provider
 * receives a bounded number of calls under concurrent requests (counted at the provider).
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class ProviderFaultsTest {

    static final String ISSUER = "acme-okta";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Each fault, what the provider does, and the code it must surface as. */
    enum Fault {
        SLOW_NO_ANSWER("PROVIDER_TIMEOUT", true, FakeProvider::hang),
        SLOW_DRIBBLING_BODY("PROVIDER_TIMEOUT", true, FakeProvider::dribble),
        SERVER_ERROR_500("PROVIDER_ERROR_STATUS", true, f -> f.answerRaw(500, "text/html", "<html><body>Internal error</body></html>")),
        UNAVAILABLE_503("PROVIDER_ERROR_STATUS", true, f -> f.answerJson(503, new JsonObject().put("error", "temporarily_unavailable"))),
        HTML_PAGE("PROVIDER_BAD_RESPONSE", false, f -> f.answerRaw(200, "text/html", "<!doctype html><html><body>Sign in to the Wi-Fi</body></html>")),
        TRUNCATED_JSON("PROVIDER_BAD_RESPONSE", false, f -> f.answerRaw(200, "application/json", "{\"access_token\":\"at-x\",\"refresh_tok")),
        JSON_WITHOUT_ACCESS_TOKEN("PROVIDER_BAD_RESPONSE", false, f -> f.answerJson(200, new JsonObject().put("token_type", "Bearer").put("expires_in", 300))),
        EXPIRES_IN_NOT_A_NUMBER("PROVIDER_BAD_RESPONSE", false, f -> f.answerJson(200, new JsonObject().put("access_token", "at-x").put("expires_in", "abc"))),
        ACCESS_TOKEN_NOT_A_STRING("PROVIDER_BAD_RESPONSE", false, f -> f.answerJson(200, new JsonObject().put("access_token", 12345).put("expires_in", 300))),
        REFRESH_TOKEN_AN_OBJECT("PROVIDER_BAD_RESPONSE", false, f -> f.answerJson(200, new JsonObject().put("access_token", "at-x").put("refresh_token", new JsonObject()))),
        JSON_ARRAY("PROVIDER_BAD_RESPONSE", false, f -> f.answerRaw(200, "application/json", "[\"access_token\"]")),
        HUGE_BODY("PROVIDER_BAD_RESPONSE", false, f -> f.answerHuge(8 * 1024 * 1024)),
        CLOSED_MID_RESPONSE("PROVIDER_CONNECTION_CLOSED", true, FakeProvider::closeMidResponse),
        RESET_WITHOUT_ANSWER("PROVIDER_CONNECTION_CLOSED", true, FakeProvider::resetWithoutAnswer);

        final String code;
        final boolean retried;
        final Consumer<FakeProvider> program;

        Fault(String code, boolean retried, Consumer<FakeProvider> program) {
            this.code = code;
            this.retried = retried;
            this.program = program;
        }
    }

    @TestHTTPResource("/")
    URI base;
    @Inject
    EnvelopeCipher cipher;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    FakeProvider fake;

    @BeforeEach
    void start() {
        fake = new FakeProvider();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /*
     * The provider settings this test relies on, stated here rather than read from the service: the
     * test profile's provider.timeout=1S, retry-delay=50MS and breaker-open=3S (application.properties %test),
     * and the documented defaults of 2 retries and a breaker opening after 5 consecutive failures.
     */
    static final int RETRIES = 2;
    static final int BREAKER_FAILURES = 5;
    /** provider.breaker-open of the test profile (application.properties %test). */
    static final Duration BREAKER_OPEN = Duration.ofSeconds(3);
    static final long RETRY_DELAY_MS = 50;

    /**
     * Longer than any correct exchange can take (3 attempts of at most 1 s and back-offs of
     * 50 + 100 ms plus 30 % jitter, about 3.2 s) with room for a loaded CI machine, and shorter than
     * the 10 s a dribbling provider keeps one attempt alive without the per-attempt deadline: past
     * it, the fault made the call hang.
     */
    private static final Duration HANG = Duration.ofSeconds(20);

    private JsonObject newConfig() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.config(org, ISSUER);
        config.put("endpoints", new JsonObject().put("token", fake.url("/token")));
        config.put("scopes", new JsonArray().add("openid").add("api.read").add("offline_access"));
        return Fixtures.register(config);
    }

    /** A real code flow (rig's authorization endpoint) whose code is redeemed at the fake token endpoint. */
    private void signIn(JsonObject config, String user) {
        String org = config.getString("orgId");
        String token = userToken(user, org);
        String url = authorizationUrl(token, org, config.getString("id"));
        String nonce = Fixtures.query(url.substring(url.indexOf('?') + 1)).get("nonce");
        String idToken = Rig.oidc().server().issueToken(ISSUER, "unused", new DefaultOAuth2TokenCallback(ISSUER, user,
                JOSEObjectType.JWT.getType(), List.of(config.getString("clientId")), Map.of("nonce", nonce), 300)).serialize();
        fake.answerJson(200, new JsonObject().put("access_token", "at-1-" + user).put("refresh_token", "rt-1-" + user)
                .put("expires_in", 300).put("id_token", idToken));
        Map<String, String> redirect = followToProvider(url);
        callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(200);
    }

    private void expire(JsonObject config) {
        Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ?", config.getString("orgId"));
    }

    private String storedRefreshToken(JsonObject config, String user) {
        Map<String, Object> row = Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), user);
        assertEquals("ACTIVE", row.get("status"), "the sign-in is kept");
        return cipher.open((String) row.get("refresh_token_sealed"), TokenRow.context(config.getString("orgId"), config.getString("id"), user));
    }

    private CompletableFuture<HttpResponse<String>> resolveAsync(JsonObject config, String user) {
        JsonObject body = Functions.resolveBody(config.getString("orgId"), user, null, config.getString("title"));
        return HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("api/tokens/resolve")).timeout(HANG)
                .header("Authorization", "Bearer " + Functions.serviceToken())
                .header(Functions.USER_TOKEN, Functions.userToken(config.getString("orgId"), user)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer, or an assertion error naming the hang when the client's bound fired first. */
    private HttpResponse<String> answered(CompletableFuture<HttpResponse<String>> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            throw new AssertionError(e.getCause() instanceof HttpTimeoutException
                    ? "no answer within " + HANG + ": the provider fault made the call hang" : "request failed: " + e.getCause(), e);
        }
    }

    private static JsonObject error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getJsonObject("error");
    }

    private void assertProviderUnavailable(HttpResponse<String> r, String... codes) {
        assertEquals(503, r.statusCode(), r.body());
        JsonObject error = error(r);
        assertEquals("ProviderUnavailableError", error.getString("name"), r.body());
        assertTrue(List.of(codes).contains(error.getString("reason")), "reason one of " + List.of(codes) + ": " + r.body());
        assertTrue(!r.body().contains("at-1-") && !r.body().contains("rt-1-"), "no token in the answer");
    }

    /** Gaps between consecutive received calls, in milliseconds. */
    private static List<Long> gapsMillis(List<Long> nanos) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < nanos.size(); i++) {
            gaps.add((nanos.get(i) - nanos.get(i - 1)) / 1_000_000);
        }
        return gaps;
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFaultyProviderOnRefreshAnswersItsNamedErrorKeepsTheRefreshTokenAndBacksOff(Fault fault) {
        JsonObject config = newConfig();
        signIn(config, "ann");
        expire(config);
        fault.program.accept(fake);
        int before = fake.requests();

        HttpResponse<String> r = answered(resolveAsync(config, "ann"));

        assertProviderUnavailable(r, fault.code);
        int calls = fake.requests() - before;
        List<Long> times = fake.receivedAt().subList(before, fake.requests());
        if (fault.retried) {
            assertEquals(1 + RETRIES, calls, "one call and " + RETRIES + " retries");
            // Backoff: the n-th retry waits at least retry-delay × 2ⁿ after the failure before it (README).
            List<Long> gaps = gapsMillis(times);
            for (int i = 0; i < gaps.size(); i++) {
                long floor = RETRY_DELAY_MS * (1L << i);
                assertTrue(gaps.get(i) >= floor, "gap " + i + " is " + gaps.get(i) + " ms, below the backoff floor " + floor + " ms: " + gaps);
            }
        } else {
            assertEquals(1, calls, "a garbage answer is not retried");
        }
        assertEquals("rt-1-ann", storedRefreshToken(config, "ann"), "the refresh token still decrypts to the same value");

        // The provider recovers: the next request refreshes with exactly the kept refresh token.
        fake.answerJson(200, new JsonObject().put("access_token", "at-2-ann").put("refresh_token", "rt-2-ann").put("expires_in", 300));
        HttpResponse<String> healed = answered(resolveAsync(config, "ann"));
        assertEquals(200, healed.statusCode(), healed.body());
        assertEquals("at-2-ann", new JsonObject(healed.body()).getString("accessToken"));
        assertEquals("rt-1-ann", fake.lastForm().get("refresh_token"));
        assertEquals("refresh_token", fake.lastForm().get("grant_type"));
        assertEquals("rt-2-ann", storedRefreshToken(config, "ann"), "the rotated refresh token replaced it");
    }

    @Test
    void aProviderRefusingConnectionsAnswersProviderUnreachableAndKeepsTheRefreshToken() {
        JsonObject config = newConfig();
        signIn(config, "ann");
        expire(config);
        int port = fake.port();
        // The provider's host refuses connections (same origin: a moved endpoint would need consent again).
        fake.close();

        HttpResponse<String> r = answered(resolveAsync(config, "ann"));

        assertProviderUnavailable(r, "PROVIDER_UNREACHABLE");
        assertEquals("rt-1-ann", storedRefreshToken(config, "ann"));
        fake = new FakeProvider(port);
        fake.answerJson(200, new JsonObject().put("access_token", "at-2-ann").put("expires_in", 300));
        assertEquals(200, answered(resolveAsync(config, "ann")).statusCode());
        assertEquals("rt-1-ann", fake.lastForm().get("refresh_token"));
    }

    @Test
    void concurrentRequestsOfOneUserShareOneRetryChainAndStayBelowTheBreakerThreshold() {
        JsonObject config = newConfig();
        signIn(config, "ann");
        expire(config);
        fake.answerJson(503, new JsonObject().put("error", "temporarily_unavailable"));
        int before = fake.requests();

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(resolveAsync(config, "ann"));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertProviderUnavailable(answered(call), "PROVIDER_ERROR_STATUS", "PROVIDER_CIRCUIT_OPEN");
        }

        int received = fake.requests() - before;
        // One refresh in flight per user (single flight), its retries, and at worst a second chain cut by the breaker.
        assertTrue(received >= 1 + RETRIES && received <= BREAKER_FAILURES,
                "40 concurrent requests of one user made " + received + " provider calls");
        assertEquals("rt-1-ann", storedRefreshToken(config, "ann"));
    }

    private JsonObject configAt(String tokenPath) {
        JsonObject config = Fixtures.config(Fixtures.newOrg(), ISSUER);
        config.put("endpoints", new JsonObject().put("token", fake.url(tokenPath)));
        config.put("scopes", new JsonArray().add("openid").add("api.read").add("offline_access"));
        return Fixtures.register(config);
    }

    @Test
    void oneTenantsFailingTokenEndpointOpensOnlyItsOwnBreakerNotThoseOfOtherTenantsOnTheSameHost() {
        // Two organisations whose tenants share the provider's host, as every Entra ID tenant does.
        JsonObject a = configAt("/tenant-a/oauth2/token");
        JsonObject b = configAt("/tenant-b/oauth2/token");
        signIn(a, "ann");
        signIn(b, "bob");
        expire(a);
        expire(b);
        fake.answer((req, form) -> {
            if (req.path().startsWith("/tenant-a/")) {
                req.response().setStatusCode(502).end();
            } else {
                req.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("access_token", "at-2-b").put("expires_in", 300).encode());
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> "PROVIDER_CIRCUIT_OPEN".equals(error(answered(resolveAsync(a, "ann"))).getString("reason")));
        long aOpenedNoEarlierThan = lastArrival("/tenant-a/");
        int aCalls = arrivals("/tenant-a/").size();
        HttpResponse<String> other = answered(resolveAsync(b, "bob"));
        assertEquals(200, other.statusCode(), other.body());
        assertEquals("at-2-b", new JsonObject(other.body()).getString("accessToken"));
        assertEquals(1, arrivals("/tenant-b/").stream().filter(r -> "refresh_token".equals(r.form().get("grant_type"))).count(),
                "tenant b's refresh reached the provider once");
        assertEquals("rt-1-bob", fake.lastForm().get("refresh_token"));
        answered(resolveAsync(a, "ann"));
        // Whenever this runs (a loaded machine may be past the open period): nothing of tenant a reached the
        // provider while its breaker was open, and afterwards at most the one probe.
        List<FakeProvider.Received> later = arrivals("/tenant-a/").subList(aCalls, arrivals("/tenant-a/").size());
        assertTrue(later.size() <= 1, "at most one probe of tenant a: " + later.size());
        later.forEach(r -> assertTrue(r.at() - aOpenedNoEarlierThan >= BREAKER_OPEN.toNanos(),
                "tenant a's call reached the provider " + (r.at() - aOpenedNoEarlierThan) / 1_000_000 + " ms after its breaker opened"));
    }

    @Test
    void oneOrganisationsFailingClientOnASharedEndpointOpensOnlyItsOwnBreaker() {
        // Two organisations' clients on one shared token endpoint, as every app on Entra's /common or Google's.
        JsonObject a = configAt("/common/oauth2/v2.0/token");
        JsonObject b = configAt("/common/oauth2/v2.0/token");
        signIn(a, "ann");
        signIn(b, "bob");
        expire(a);
        expire(b);
        java.util.function.Predicate<FakeProvider.Received> ofA = r -> clientOf(r).equals(a.getString("clientId"));
        java.util.function.Predicate<FakeProvider.Received> ofB = r -> clientOf(r).equals(b.getString("clientId"));
        fake.answer((req, form) -> {
            if (req.getHeader("Authorization") != null && clientOf(req.getHeader("Authorization")).equals(a.getString("clientId"))) {
                req.response().setStatusCode(502).end();
            } else {
                req.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("access_token", "at-2-b").put("expires_in", 300).encode());
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> "PROVIDER_CIRCUIT_OPEN".equals(error(answered(resolveAsync(a, "ann"))).getString("reason")));
        List<FakeProvider.Received> aBefore = fake.received().stream().filter(ofA).toList();
        long aOpenedNoEarlierThan = aBefore.get(aBefore.size() - 1).at();
        HttpResponse<String> other = answered(resolveAsync(b, "bob"));
        assertEquals(200, other.statusCode(), other.body());
        assertEquals("at-2-b", new JsonObject(other.body()).getString("accessToken"));
        assertEquals(1, fake.received().stream().filter(ofB).filter(r -> "refresh_token".equals(r.form().get("grant_type"))).count(),
                "organisation b's refresh reached the shared endpoint once");
        answered(resolveAsync(a, "ann"));
        // As above: nothing of organisation a while its breaker was open, afterwards at most the one probe.
        List<FakeProvider.Received> all = fake.received().stream().filter(ofA).toList();
        List<FakeProvider.Received> later = all.subList(aBefore.size(), all.size());
        assertTrue(later.size() <= 1, "at most one probe of organisation a: " + later.size());
        later.forEach(r -> assertTrue(r.at() - aOpenedNoEarlierThan >= BREAKER_OPEN.toNanos(),
                "organisation a's call reached the provider " + (r.at() - aOpenedNoEarlierThan) / 1_000_000 + " ms after its breaker opened"));
    }

    /** The client id of an HTTP Basic client authentication (client_secret_basic), or "" without one. */
    private static String clientOf(FakeProvider.Received r) {
        return r.authorization() == null ? "" : clientOf(r.authorization());
    }

    private static String clientOf(String basicAuthorization) {
        String decoded = new String(java.util.Base64.getDecoder().decode(basicAuthorization.substring("Basic ".length())),
                java.nio.charset.StandardCharsets.UTF_8);
        return java.net.URLDecoder.decode(decoded.substring(0, decoded.indexOf(':')), java.nio.charset.StandardCharsets.UTF_8);
    }

    private List<FakeProvider.Received> arrivals(String pathPrefix) {
        return fake.received().stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    /** Arrival of the latest request on that path: a breaker those requests opened opened no earlier. */
    private long lastArrival(String pathPrefix) {
        List<FakeProvider.Received> all = arrivals(pathPrefix);
        return all.get(all.size() - 1).at();
    }

    @Test
    void concurrentRequestsOfManyUsersOpenTheBreakerWhichThenLetsExactlyOneProbeThrough() {
        JsonObject config = newConfig();
        int users = 12;
        for (int i = 0; i < users; i++) {
            signIn(config, "user" + i);
        }
        expire(config);
        fake.answerJson(502, new JsonObject());
        int before = fake.requests();

        // Wave 1: every user's refresh fails; the breaker opens after breaker-failures failures.
        List<CompletableFuture<HttpResponse<String>>> wave = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            wave.add(resolveAsync(config, "user" + i));
        }
        wave.forEach(c -> assertProviderUnavailable(answered(c), "PROVIDER_ERROR_STATUS", "PROVIDER_CIRCUIT_OPEN"));
        int wave1 = fake.requests() - before;
        // Each user's first call may be in flight before any failure is known; retries pass only while
        // fewer than breaker-failures failures were recorded: at most breaker-failures - 1 of them.
        assertTrue(wave1 >= BREAKER_FAILURES && wave1 <= users + BREAKER_FAILURES - 1,
                users + " concurrent users made " + wave1 + " calls");
        // The breaker-state gauge shows it: open, or half-open if a loaded machine got here after the open period.
        assertTrue(meters.get("token.provider.breakers").tag("state", "open").gauge().value()
                + meters.get("token.provider.breakers").tag("state", "half_open").gauge().value() >= 1, "no breaker shown open");

        // Wave 2: everyone fails fast. Nothing reaches the provider while the breaker is open; if a loaded
        // machine got here after the open period, the one probe and nothing else.
        int open = fake.requests();
        long openedNoEarlierThan = fake.receivedAt().get(before + BREAKER_FAILURES - 1);
        List<CompletableFuture<HttpResponse<String>>> wave2 = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            wave2.add(resolveAsync(config, "user" + i));
        }
        wave2.forEach(c -> assertProviderUnavailable(answered(c), "PROVIDER_ERROR_STATUS", "PROVIDER_CIRCUIT_OPEN"));
        List<Long> duringWave2 = fake.receivedAt().subList(open, fake.requests());
        assertTrue(duringWave2.size() <= 1, "an open or half-open breaker lets at most one probe through: " + duringWave2.size());
        duringWave2.forEach(at -> assertTrue(at - openedNoEarlierThan >= BREAKER_OPEN.toNanos(),
                "a call reached the provider " + (at - openedNoEarlierThan) / 1_000_000 + " ms after the breaker opened"));

        // Half-open: rounds of concurrent requests until the open period ends; that round sends one probe only,
        // which fails and re-opens the breaker, so every later round sends nothing either.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<CompletableFuture<HttpResponse<String>>> round = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                round.add(resolveAsync(config, "user" + i));
            }
            round.forEach(c -> assertProviderUnavailable(answered(c), "PROVIDER_ERROR_STATUS", "PROVIDER_CIRCUIT_OPEN"));
            return fake.requests() > open;
        });
        assertEquals(open + 1, fake.requests(), "exactly one probe after the open period");

        // The provider recovers: once a probe succeeds every user refreshes with their own kept refresh token.
        fake.answerJson(200, new JsonObject().put("access_token", "at-2").put("expires_in", 300));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> answered(resolveAsync(config, "user0")).statusCode() == 200);
        for (int i = 1; i < users; i++) {
            assertEquals(200, answered(resolveAsync(config, "user" + i)).statusCode());
        }
        for (int i = 0; i < users; i++) {
            String user = "user" + i;
            assertEquals("rt-1-" + user, storedRefreshToken(config, user), "kept (the provider did not rotate)");
            assertTrue(fake.forms().stream().anyMatch(f -> ("rt-1-" + user).equals(f.get("refresh_token"))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"SLOW_NO_ANSWER", "SERVER_ERROR_500", "HTML_PAGE", "JSON_WITHOUT_ACCESS_TOKEN",
            "HUGE_BODY", "CLOSED_MID_RESPONSE", "RESET_WITHOUT_ANSWER"})
    void aFaultyProviderOnTheCodeExchangeAnswers503NamingTheProviderOnceAndStoresNothing(Fault fault) {
        JsonObject config = newConfig();
        String org = config.getString("orgId");
        String token = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(token, org, config.getString("id")));
        fault.program.accept(fake);
        int before = fake.requests();

        HttpResponse<String> r = answered(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("api/oauth/callback?code="
                        + redirect.get("code") + "&state=" + redirect.get("state"))).timeout(HANG)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()));

        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
        JsonObject problem = new JsonObject(r.body());
        assertEquals("identity-provider", problem.getString("dependency"), r.body());
        assertEquals(fault.code, problem.getString("providerFailure"), r.body());
        assertEquals(1, fake.requests() - before, "a code is single use: never retried");
        assertNull(Fixtures.tokenRow(org, config.getString("id"), "ann"), "nothing stored");
    }

    @Test
    void executeWithAGarbageAnsweringProviderAnswersProviderUnavailableAndSendsNothingUpstream() {
        JsonObject config = newConfig();
        signIn(config, "ann");
        expire(config);
        Fault.TRUNCATED_JSON.program.accept(fake);
        try (Upstream upstream = new Upstream()) {
            JsonObject call = Functions.call(config.getString("orgId"), "ann", config.getString("title"), "GET", upstream.url("/data"));
            HttpResponse<String> r = answered(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("api/functions/execute")).timeout(HANG)
                    .header("Authorization", "Bearer " + Functions.serviceToken())
                    .header(Functions.USER_TOKEN, Functions.userToken(config.getString("orgId"), "ann")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(call.encode())).build(), HttpResponse.BodyHandlers.ofString()));

            assertProviderUnavailable(r, "PROVIDER_BAD_RESPONSE");
            assertEquals(0, upstream.received().size(), "no call without a token");
        }
        assertEquals("rt-1-ann", storedRefreshToken(config, "ann"));
    }
}
