package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.TestSpans;
import com.oauthconfig.token.support.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spans and meters of the sign-in, refresh and injection paths: named as documented, moving with their events, carrying no secret. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class TelemetryTest {

    static final String ISSUER = "telemetry-idp";

    @Inject
    TestSpans spans;
    @Inject
    MeterRegistry meters;
    @Inject
    EnvelopeCipher cipher;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private double count(String name, String... tags) {
        Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private long timed(String name, String... tags) {
        return meters.find(name).tags(tags).timers().stream().mapToLong(Timer::count).sum();
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void aSignInsCallbackTraceShowsTheProviderTokenCallByHostAndKindAndNoSecretAndTheSignInIsCounted() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String token = userToken("ann", org);
        double started = count("token.signins", "outcome", "started");
        double completed = count("token.signins", "outcome", "completed");
        double failed = count("token.signins", "outcome", "failed");

        Map<String, String> redirect = followToProvider(authorizationUrl(token, org, config.getString("id")));
        assertEquals(started + 1, count("token.signins", "outcome", "started"));
        String traceId = hex(16);
        given().auth().oauth2(token).header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .queryParam("state", redirect.get("state")).queryParam("code", redirect.get("code"))
                .get("/api/oauth/callback").then().statusCode(200);
        assertEquals(completed + 1, count("token.signins", "outcome", "completed"));
        Fixtures.callback(token, "no-such-code", "no-such-state", null).then().statusCode(400);
        assertEquals(failed + 1, count("token.signins", "outcome", "failed"));

        await().atMost(Duration.ofSeconds(10)).until(() -> spans.inTrace(traceId).stream()
                .anyMatch(s -> s.getName().equals("provider token")) && spans.inTrace(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
        List<SpanData> trace = spans.inTrace(traceId);
        SpanData server = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertEquals("GET /api/oauth/callback", server.getName());
        assertEquals("state&code", server.getAttributes().get(AttributeKey.stringKey("url.query")));
        SpanData call = trace.stream().filter(s -> s.getName().equals("provider token")).findFirst().orElseThrow();
        assertEquals(SpanKind.CLIENT, call.getKind());
        assertEquals(URI.create(Rig.oidc().issuer(ISSUER)).getHost(), call.getAttributes().get(AttributeKey.stringKey("server.address")));
        assertEquals("token", call.getAttributes().get(AttributeKey.stringKey("oauth.endpoint.kind")));
        assertEquals("ok", call.getAttributes().get(AttributeKey.stringKey("outcome")));
        assertTrue(trace.stream().anyMatch(s -> s.getSpanId().equals(call.getParentSpanId())), "the provider call is part of the callback's trace");

        String context = TokenRow.context(org, config.getString("id"), "ann");
        Map<String, Object> row = Fixtures.tokenRow(org, config.getString("id"), "ann");
        List<String> secrets = new ArrayList<>(List.of(redirect.get("code"), redirect.get("state"), config.getString("clientSecret"),
                cipher.open((String) row.get("access_token_sealed"), context), cipher.open((String) row.get("refresh_token_sealed"), context),
                token));
        assertNoSpanCarries(trace, secrets);
    }

    static void assertNoSpanCarries(List<SpanData> trace, List<String> secrets) {
        for (SpanData s : trace) {
            String everything = s.getName() + " " + s.getAttributes() + " " + s.getEvents() + " " + s.getStatus();
            for (String secret : secrets) {
                assertNotNull(secret);
                assertFalse(everything.contains(secret), "span " + s.getName() + " carries a secret: " + everything);
            }
        }
    }

    @Test
    void aRefreshAndInjectionsAreCountedByOutcomeAndTheProviderCallIsTimedByHostKindAndOutcome() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn("ann", org, config.getString("id"));
        Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ? and config_id = ? and user_id = ?",
                org, config.getString("id"), "ann");
        String host = URI.create(Rig.oidc().issuer(ISSUER)).getHost();
        double refreshed = count("token.refreshes", "outcome", "refreshed");
        double ok = count("token.injections", "endpoint", "resolve", "outcome", "ok");
        double missing = count("token.injections", "endpoint", "resolve", "outcome", "OAuthCredentialsMissingError");
        long calls = timed("token.provider.calls", "host", host, "endpoint", "token", "outcome", "ok");

        Functions.resolve(org, "ann", null, "acme.oauth.token").then().statusCode(200);
        Functions.resolve(org, "bob", null, "acme.oauth.token").then().statusCode(401);

        assertEquals(refreshed + 1, count("token.refreshes", "outcome", "refreshed"));
        assertEquals(ok + 1, count("token.injections", "endpoint", "resolve", "outcome", "ok"));
        assertEquals(missing + 1, count("token.injections", "endpoint", "resolve", "outcome", "OAuthCredentialsMissingError"));
        assertEquals(calls + 1, timed("token.provider.calls", "host", host, "endpoint", "token", "outcome", "ok"));
        double hits = count("cache.gets", "cache", "access-tokens", "result", "hit");
        double misses = count("cache.gets", "cache", "access-tokens", "result", "miss");
        // The first read after the refresh loads the row into the cache (a miss), the next is served from it.
        Functions.resolve(org, "ann", null, "acme.oauth.token").then().statusCode(200);
        Functions.resolve(org, "ann", null, "acme.oauth.token").then().statusCode(200);
        assertTrue(count("cache.gets", "cache", "access-tokens", "result", "hit") > hits, "no cache hit counted");
        assertTrue(count("cache.gets", "cache", "access-tokens", "result", "miss") > misses, "no cache miss counted");
        // A change of the row made elsewhere (another replica, a tool) reaches this replica's cache as an eviction.
        double evictions = count("cache.evictions", "cache", "access-tokens");
        Fixtures.update("update user_token set scopes = scopes where org_id = ? and config_id = ? and user_id = ?",
                org, config.getString("id"), "ann");
        await().atMost(Duration.ofSeconds(10)).until(() -> count("cache.evictions", "cache", "access-tokens") > evictions);

        String scrape = given().get(metrics).then().statusCode(200).extract().asString();
        // Every refresh outcome is a series from start (the failure-ratio alert divides by their sum).
        for (String outcome : new String[] {"invalid_grant", "provider_unavailable", "refused", "no_refresh_token"}) {
            assertTrue(scrape.contains("token_refreshes_total{outcome=\"" + outcome + "\"}"), "scrape lacks the refresh outcome " + outcome);
        }
        for (String line : new String[] {"token_refreshes_total{outcome=\"refreshed\"}", "token_signins_total{outcome=\"completed\"}",
                "token_injections_total{endpoint=\"resolve\",outcome=\"ok\"}",
                "token_provider_calls_seconds_bucket{endpoint=\"token\",host=\"" + host + "\",outcome=\"ok\"",
                "token_provider_breakers{state=\"open\"}", "token_provider_breakers{state=\"closed\"}",
                "cache_gets_total{cache=\"access-tokens\",result=\"hit\"}", "cache_evictions_total{cache=\"access-tokens\"}", "kafka_consumer_fetch_manager_records_lag_max"}) {
            assertTrue(scrape.contains(line), "scrape lacks " + line);
        }
        System.out.println("metrics scrape excerpt:\n" + scrape.lines().filter(l -> l.startsWith("token_") && !l.contains("_bucket"))
                .reduce("", (a, b) -> a + b + "\n"));
    }

    @Test
    void anInjectedCallsTraceNamesTheTargetWithoutItsQueryAndCarriesNoToken() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn("ann", org, config.getString("id"));
        String apiKey = "api-key-" + hex(8);
        String traceId = hex(16);
        try (Upstream upstream = new Upstream()) {
            JsonObject call = Functions.call(org, "ann", "acme.oauth.token", "GET", upstream.url("/me?api_key=" + apiKey));
            given().auth().oauth2(Functions.serviceToken()).header(Functions.USER_TOKEN, Functions.userToken(org, "ann"))
                    .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                    .contentType("application/json").body(call.encode()).when().post("/api/functions/execute")
                    .then().statusCode(200);
            String injected = upstream.last().header("Authorization").substring("Bearer ".length());
            String target = "http://localhost:" + upstream.port() + "/";
            java.util.function.Predicate<SpanData> toTarget = s -> String.valueOf(s.getAttributes().get(AttributeKey.stringKey("url.full")))
                    .startsWith(target);
            await().atMost(Duration.ofSeconds(10)).until(() -> spans.inTrace(traceId).stream().anyMatch(toTarget));
            List<SpanData> trace = spans.inTrace(traceId);
            SpanData out = trace.stream().filter(toTarget).findFirst().orElseThrow();
            assertEquals(SpanKind.CLIENT, out.getKind());
            assertEquals(upstream.url("/me"), out.getAttributes().get(AttributeKey.stringKey("url.full")));
            assertNoSpanCarries(trace, List.of(apiKey, injected, Functions.userToken(org, "ann"), Functions.serviceToken()));
        }
    }
}
