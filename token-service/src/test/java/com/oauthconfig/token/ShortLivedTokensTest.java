package com.oauthconfig.token;

import com.nimbusds.jose.JOSEObjectType;
import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.TokenHandOutPolicy;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.SecondReplica;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Providers configured like many production tenants issue access tokens of a minute or less. The
 * refresh margin must follow the token's own lifetime: a freshly obtained token is served for most of
 * its life, and one expiry costs exactly one refresh, on one replica or two. Time passing is played by
 * moving the stored {@code obtained_at} and expiry into the past, never by waiting.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class ShortLivedTokensTest {

    /** An issuer of the rig's provider used by no other test, so its token-endpoint count is this class's alone. */
    static final String ISSUER = "short-lived";
    static final String TITLE = "acme.oauth.token";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    AccessTokenService tokens;
    @Inject
    OAuthConfigCache configs;
    @Inject
    EnvelopeCipher cipher;
    @Inject
    TokenHandOutPolicy policy;
    @Inject
    TokenServiceConfig settings;
    @Inject
    Vertx vertx;

    @TestHTTPResource("/api/tokens/resolve")
    URL resolveUrl;

    /** Signs ann in at a provider whose access tokens, and those of every refresh of that grant, live {@code seconds}. */
    private JsonObject signedInWithTokensOf(long seconds) {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        // The rig keeps this callback with the refresh token it issues, so refreshes get the same lifetime.
        Rig.oidc().server().enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "ann-" + org, JOSEObjectType.JWT.getType(),
                null, Map.of(), seconds));
        Fixtures.signIn("ann", org, config.getString("id"));
        return config;
    }

    /** {@code seconds} pass for the stored token: it was obtained, and expires, that much earlier. */
    private static void age(JsonObject config, long seconds) {
        Fixtures.update("update user_token set obtained_at = obtained_at - make_interval(secs => ?), "
                        + "access_expires_at = access_expires_at - make_interval(secs => ?) where org_id = ? and config_id = ?",
                (double) seconds, (double) seconds, config.getString("orgId"), config.getString("id"));
    }

    private static int refreshes() {
        return Rig.oidc().requestCount(ISSUER, "token");
    }

    private AccessTokenResult get(AccessTokenService replica, JsonObject config) {
        return replica.accessTokenFor(config.getString("orgId"), config.getString("id"), "ann").await().atMost(Duration.ofSeconds(30));
    }

    /** {@code n} resolve requests over HTTP at once, as the function runtime's concurrent calls would arrive. */
    private List<HttpResponse<String>> burst(JsonObject config, int n) throws Exception {
        String body = Functions.resolveBody(config.getString("orgId"), "ann", null, TITLE).encode();
        HttpRequest request = HttpRequest.newBuilder(resolveUrl.toURI()).header("Authorization", "Bearer " + Functions.serviceToken())
                .header(Functions.USER_TOKEN, Functions.userToken(config.getString("orgId"), "ann"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            answers.add(c.get());
        }
        return answers;
    }

    @Test
    void fiveCallsTwoSecondsApartOnASixtySecondTokenCauseNoRefresh() {
        JsonObject config = signedInWithTokensOf(60);
        int before = refreshes();
        String signedInToken = Functions.storedAccessToken(cipher, config, "ann");

        for (int call = 0; call < 5; call++) {
            if (call > 0) {
                age(config, 2);
            }
            Functions.resolve(config.getString("orgId"), "ann", null, TITLE).then().statusCode(200)
                    .body("accessToken", equalTo(signedInToken));
        }

        assertEquals(before, refreshes(), "the token obtained at sign-in serves all five calls");
    }

    @ParameterizedTest(name = "{0} s tokens")
    @ValueSource(longs = {15, 60, 300})
    void aBurstOfFiftyAfterExpiryRefreshesExactlyOnceAndTheNewTokenIsThenServed(long lifetime) throws Exception {
        JsonObject config = signedInWithTokensOf(lifetime);
        age(config, lifetime + 1);
        int before = refreshes();

        List<HttpResponse<String>> answers = burst(config, 50);

        assertTrue(answers.stream().allMatch(a -> a.statusCode() == 200),
                answers.stream().filter(a -> a.statusCode() != 200).findFirst().map(HttpResponse::body).orElse(""));
        assertEquals(1, answers.stream().map(a -> new JsonObject(a.body()).getString("accessToken")).distinct().count(),
                "all fifty got the one refreshed token");
        assertEquals(before + 1, refreshes(), "one expiry, one refresh");

        // The refreshed token is then served for most of its life, not refreshed again at once.
        String refreshed = Functions.storedAccessToken(cipher, config, "ann");
        assertEquals(50, burst(config, 50).stream().filter(a -> a.statusCode() == 200
                && refreshed.equals(new JsonObject(a.body()).getString("accessToken"))).count());
        assertEquals(before + 1, refreshes(), "no second refresh in a row");
    }

    @Test
    void fiftyConcurrentCallsSplitOverTwoReplicasRefreshASixtySecondTokenExactlyOnce() {
        JsonObject config = signedInWithTokensOf(60);
        age(config, 61);
        try (SecondReplica replicaB = new SecondReplica(vertx, settings, configs, cipher, policy)) {
            int before = refreshes();

            List<Uni<AccessTokenResult>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                AccessTokenService replica = i % 2 == 0 ? tokens : replicaB.tokens();
                calls.add(replica.accessTokenFor(config.getString("orgId"), config.getString("id"), "ann"));
            }
            List<AccessTokenResult> results = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(60));

            assertTrue(results.stream().allMatch(AccessTokenResult::isOk),
                    results.stream().filter(r -> !r.isOk()).findFirst().map(Object::toString).orElse(""));
            assertEquals(1, results.stream().map(AccessTokenResult::accessToken).distinct().count());
            assertEquals(before + 1, refreshes(), "the replica that waited for the row lock found a token it may serve");
            assertTrue(get(replicaB.tokens(), config).isOk());
            assertTrue(get(tokens, config).isOk());
            assertEquals(before + 1, refreshes());
        }
    }
}
