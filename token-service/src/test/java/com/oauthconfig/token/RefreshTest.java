package com.oauthconfig.token;

import com.nimbusds.jose.JOSEObjectType;
import java.util.UUID;
import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.handout.FailureReason;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.ProviderType;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.RefreshService;
import com.oauthconfig.token.store.TokenHandOutPolicy;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.SecondReplica;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class RefreshTest {

    static final String ISSUER = "acme-okta";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    AccessTokenService tokens;
    @Inject
    RefreshService refresher;
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

    FakeProvider fake;

    @BeforeEach
    void start() {
        fake = new FakeProvider();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private JsonObject signedIn(String user) {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn(user, org, config.getString("id"));
        return config;
    }

    private AccessTokenResult get(JsonObject config, String user) {
        return tokens.accessTokenFor(config.getString("orgId"), config.getString("id"), user).await().atMost(Duration.ofSeconds(30));
    }

    private void expire(JsonObject config, String user) {
        Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ? and config_id = ? and user_id = ?",
                config.getString("orgId"), config.getString("id"), user);
    }

    private String sealed(JsonObject config, String user, String column) {
        return (String) Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), user).get(column);
    }

    private String open(JsonObject config, String user, String column) {
        return cipher.open(sealed(config, user, column), TokenRow.context(config.getString("orgId"), config.getString("id"), user));
    }

    @Test
    void expiredTokenIsRefreshedOnceAndTheRotatedRefreshTokenIsKept() throws Exception {
        JsonObject config = signedIn("ann");
        String access1 = open(config, "ann", "access_token_sealed");
        String refresh1 = open(config, "ann", "refresh_token_sealed");
        expire(config, "ann");
        int before = Rig.oidc().requestCount(ISSUER, "token");

        AccessTokenResult result = get(config, "ann");

        assertTrue(result.isOk(), result.toString());
        assertNotEquals(access1, result.accessToken());
        assertEquals(before + 1, Rig.oidc().requestCount(ISSUER, "token"));
        String refresh2 = open(config, "ann", "refresh_token_sealed");
        assertNotEquals(refresh1, refresh2, "the provider rotated the refresh token and the new one was stored");
        assertEquals(result.accessToken(), open(config, "ann", "access_token_sealed"));

        // The rotated-out token is dead at the provider; the kept one works for the next refresh.
        assertEquals(400, Fixtures.providerRefreshStatus(ISSUER, refresh1));
        expire(config, "ann");
        assertTrue(get(config, "ann").isOk());
        assertEquals(FailureReason.NOT_SIGNED_IN, get(config, "bob").reason());
    }

    @Test
    void tokenOlderThanThePlatformLifetimeIsRefreshedEvenIfTheProviderSaysItLivesLonger() {
        JsonObject config = signedIn("ann");
        String access1 = open(config, "ann", "access_token_sealed");
        assertTrue(get(config, "ann").isOk());
        int before = Rig.oidc().requestCount(ISSUER, "token");
        assertEquals(access1, get(config, "ann").accessToken(), "a fresh token is served from the store");
        assertEquals(before, Rig.oidc().requestCount(ISSUER, "token"));

        Fixtures.update("update user_token set obtained_at = now() - interval '16 minutes' where org_id = ?", config.getString("orgId"));
        AccessTokenResult result = get(config, "ann");

        assertTrue(result.isOk());
        assertNotEquals(access1, result.accessToken());
        assertEquals(before + 1, Rig.oidc().requestCount(ISSUER, "token"));
        assertTrue(result.expiresAt().isBefore(Instant.now().plus(Duration.ofMinutes(15)).plusSeconds(1)),
                "handed out until at most 15 minutes after it was obtained");
    }

    @Test
    void twoHundredConcurrentRequestsOnTwoReplicasCauseExactlyOneProviderCall() {
        JsonObject config = signedIn("ann");
        expire(config, "ann");
        try (SecondReplica replicaB = new SecondReplica(vertx, settings, configs, cipher, policy)) {
            int before = Rig.oidc().requestCount(ISSUER, "token");

            List<Uni<AccessTokenResult>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                AccessTokenService replica = i % 2 == 0 ? tokens : replicaB.tokens();
                calls.add(replica.accessTokenFor(config.getString("orgId"), config.getString("id"), "ann"));
            }
            List<AccessTokenResult> results = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(60));

            assertEquals(200, results.size());
            assertTrue(results.stream().allMatch(AccessTokenResult::isOk),
                    results.stream().filter(r -> !r.isOk()).findFirst().map(Object::toString).orElse(""));
            Set<String> distinct = results.stream().map(AccessTokenResult::accessToken).collect(Collectors.toSet());
            assertEquals(1, distinct.size(), "everyone on both replicas got the one refreshed token");
            assertEquals(before + 1, Rig.oidc().requestCount(ISSUER, "token"), "exactly one refresh call at the provider");
        }
    }

    @Test
    void theRowLockAloneSerialisesRefreshesWithoutAnyInProcessCoalescing() {
        JsonObject config = signedIn("ann");
        expire(config, "ann");
        InternalOAuthConfig cfg = configs.find(config.getString("orgId"), config.getString("id")).await().atMost(Duration.ofSeconds(30)).orElseThrow();
        int before = Rig.oidc().requestCount(ISSUER, "token");

        List<Uni<AccessTokenResult>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(refresher.refreshUnderLock(cfg, "ann"));
        }
        List<AccessTokenResult> results = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(60));

        assertTrue(results.stream().allMatch(AccessTokenResult::isOk));
        assertEquals(1, results.stream().map(AccessTokenResult::accessToken).distinct().count());
        assertEquals(before + 1, Rig.oidc().requestCount(ISSUER, "token"));
    }

    @Test
    void invalidGrantMarksTheCredentialsGone() throws Exception {
        JsonObject config = signedIn("ann");
        String refresh = open(config, "ann", "refresh_token_sealed");
        // The provider forgets the grant (revoked there, e.g. by an admin).
        HTTP.send(HttpRequest.newBuilder(URI.create(Rig.oidc().issuer(ISSUER) + "/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token_type_hint=refresh_token&token=" + URLEncoder.encode(refresh, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        expire(config, "ann");

        AccessTokenResult result = get(config, "ann");

        assertEquals(FailureReason.REFRESH_FAILED, result.reason());
        Map<String, Object> row = Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), "ann");
        assertEquals("REAUTH_REQUIRED", row.get("status"));
        assertEquals("invalid_grant", row.get("status_reason"));
        assertNull(row.get("refresh_token_sealed"));
        int after = Rig.oidc().requestCount(ISSUER, "token");
        assertEquals(FailureReason.REFRESH_FAILED, get(config, "ann").reason());
        assertEquals(after, Rig.oidc().requestCount(ISSUER, "token"), "no retry of a definitive refusal");
    }

    /** Signs in through the rig's authorization endpoint but redeems the code at the fake token endpoint. */
    private JsonObject signedInViaFake(JsonObject firstAnswer) {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.config(org, ISSUER);
        config.put("endpoints", new JsonObject().put("token", fake.url("/token")));
        config.put("scopes", new JsonArray().add("openid").add("api.read").add("offline_access"));
        Fixtures.register(config);
        String token = userToken("ann", org);
        String url = authorizationUrl(token, org, config.getString("id"));
        String nonce = Fixtures.query(url.substring(url.indexOf('?') + 1)).get("nonce");
        String idToken = Rig.oidc().server().issueToken(ISSUER, "unused", new DefaultOAuth2TokenCallback(ISSUER, "user-1",
                JOSEObjectType.JWT.getType(), List.of(config.getString("clientId")), Map.of("nonce", nonce), 300)).serialize();
        fake.answerJson(200, firstAnswer.copy().put("id_token", idToken));
        Map<String, String> redirect = followToProvider(url);
        callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(200);
        return config;
    }

    @Test
    void providerFiveHundredKeepsTheRefreshTokenAndServesAStillValidToken() {
        JsonObject config = signedInViaFake(new JsonObject().put("access_token", "at-1").put("refresh_token", "rt-1").put("expires_in", 300));
        String sealedRefresh = sealed(config, "ann", "refresh_token_sealed");
        fake.answerJson(503, new JsonObject().put("error", "temporarily_unavailable"));
        int before = fake.requests();

        // Near expiry (inside the refresh margin) but still valid: the old token keeps being served.
        // A 300 s token with 20 s left: obtained 280 s ago (its margin is the configured 60 s).
        Fixtures.update("update user_token set access_expires_at = now() + interval '20 seconds', "
                + "obtained_at = now() - interval '280 seconds' where org_id = ?", config.getString("orgId"));
        AccessTokenResult nearExpiry = get(config, "ann");
        assertTrue(nearExpiry.isOk());
        assertEquals("at-1", nearExpiry.accessToken());
        assertEquals(before + 3, fake.requests(), "one call and two retries with backoff");

        expire(config, "ann");
        AccessTokenResult result = get(config, "ann");
        assertEquals(FailureReason.PROVIDER_UNAVAILABLE, result.reason());
        Map<String, Object> row = Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), "ann");
        assertEquals("ACTIVE", row.get("status"));
        assertEquals(sealedRefresh, row.get("refresh_token_sealed"), "the refresh token is kept");

        fake.answerJson(200, new JsonObject().put("access_token", "at-2").put("expires_in", 300));
        // Once the provider's circuit breaker lets a call through again.
        await().atMost(Duration.ofSeconds(15)).until(() -> "at-2".equals(get(config, "ann").accessToken()));
    }

    @Test
    void failingProviderOpensItsCircuitBreakerSoFurtherCallsFailFast() {
        JsonObject config = signedInViaFake(new JsonObject().put("access_token", "at-1").put("refresh_token", "rt-1").put("expires_in", 300));
        fake.answerJson(502, new JsonObject());
        expire(config, "ann");
        int before = fake.requests();

        for (int i = 0; i < 4; i++) {
            assertEquals(FailureReason.PROVIDER_UNAVAILABLE, get(config, "ann").reason());
        }

        assertEquals(before + 5, fake.requests(), "after five consecutive failures no request reaches the provider");
        assertEquals("ACTIVE", Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), "ann").get("status"));
    }

    @Test
    void providerTimeoutKeepsTheRefreshToken() {
        JsonObject config = signedInViaFake(new JsonObject().put("access_token", "at-1").put("refresh_token", "rt-1").put("expires_in", 300));
        String sealedRefresh = sealed(config, "ann", "refresh_token_sealed");
        fake.hang();
        expire(config, "ann");

        AccessTokenResult result = get(config, "ann");

        assertEquals(FailureReason.PROVIDER_UNAVAILABLE, result.reason());
        Map<String, Object> row = Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), "ann");
        assertEquals("ACTIVE", row.get("status"));
        assertEquals(sealedRefresh, row.get("refresh_token_sealed"));
    }

    @Test
    void providerOmittingExpiresInAndTheRotatedRefreshTokenIsHandled() {
        JsonObject config = signedInViaFake(new JsonObject().put("access_token", "at-1").put("refresh_token", "rt-1"));
        Instant expiry = ((Timestamp) Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), "ann")
                .get("access_expires_at")).toInstant();
        assertTrue(expiry.isAfter(Instant.now().plus(Duration.ofMinutes(4))) && expiry.isBefore(Instant.now().plus(Duration.ofMinutes(6))),
                "a bounded default lifetime (5 minutes) replaces the missing expires_in");

        fake.answerJson(200, new JsonObject().put("access_token", "at-2").put("token_type", "Bearer"));
        expire(config, "ann");
        AccessTokenResult result = get(config, "ann");

        assertEquals("at-2", result.accessToken());
        assertEquals("rt-1", fake.lastForm().get("refresh_token"));
        assertEquals("rt-1", open(config, "ann", "refresh_token_sealed"), "the old refresh token is kept when none comes back");
    }

    @Test
    void signInWithoutRefreshTokenEndsInReauthenticationWhenTheTokenExpires() {
        JsonObject config = signedInViaFake(new JsonObject().put("access_token", "at-1").put("expires_in", 300));
        expire(config, "ann");
        int before = fake.requests();

        assertEquals(FailureReason.REFRESH_FAILED, get(config, "ann").reason());
        assertEquals(before, fake.requests());
        assertEquals("REAUTH_REQUIRED", Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), "ann").get("status"));
    }

    @Test
    void changedScopesDemandConsentAndARemovedConfigSaysSo() {
        JsonObject config = signedIn("ann");
        assertTrue(get(config, "ann").isOk());

        config.put("version", 2).put("scopes", new JsonArray().add("openid").add("offline_access").add("admin"));
        Fixtures.register(config);
        configs.evict(config.getString("id"));
        assertEquals(FailureReason.CONSENT_REQUIRED, get(config, "ann").reason());

        FakeConfigService.remove(UUID.fromString(config.getString("id")));
        configs.evict(config.getString("id"));
        assertEquals(FailureReason.CONFIG_REMOVED, get(config, "ann").reason());
        assertFalse(get(config, "ann").toString().contains("eyJ"));
    }
}
