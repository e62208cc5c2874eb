package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.crypto.KeyRing;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Rotating the token store's key re-encrypts every stored token under the new key, and nothing is lost. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class TokenKeyRotationTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    static final String ISSUER = "rotation-okta";
    static final String RETIRED = "test-0";

    @Inject
    EnvelopeCipher cipher;
    @Inject
    TokenServiceConfig settings;

    @Test
    void tokensSealedWithARetiredKeyMoveToTheActiveKeyAndStillServeTheSameValues() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String id = config.getString("id");
        // Its own issuer path: provider breakers are per endpoint URL, so no other test's failures reach this one.
        Fixtures.signIn("rita", org, id);
        String context = TokenRow.context(org, id, "rita");
        Map<String, Object> signedIn = Fixtures.tokenRow(org, id, "rita");
        String access = cipher.open((String) signedIn.get("access_token_sealed"), context);
        String refresh = cipher.open((String) signedIn.get("refresh_token_sealed"), context);

        // As if this row had been written before the rotation: sealed under the retired key.
        EnvelopeCipher beforeRotation = new EnvelopeCipher(KeyRing.of(RETIRED, settings.crypto().keys()));
        String oldAccess = beforeRotation.seal(access, context);
        Fixtures.update("update user_token set access_token_sealed = ?, refresh_token_sealed = ? "
                        + "where org_id = ? and config_id = ? and user_id = ?",
                oldAccess, beforeRotation.seal(refresh, context), org, id, "rita");
        assertEquals(RETIRED, EnvelopeCipher.keyIdOf(oldAccess));

        String active = settings.crypto().activeKeyId();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Object> row = Fixtures.tokenRow(org, id, "rita");
            return active.equals(EnvelopeCipher.keyIdOf((String) row.get("access_token_sealed")))
                    && active.equals(EnvelopeCipher.keyIdOf((String) row.get("refresh_token_sealed")));
        });

        Map<String, Object> rotated = Fixtures.tokenRow(org, id, "rita");
        // Readable with the active key alone: the retired key may now leave the configuration.
        EnvelopeCipher activeOnly = new EnvelopeCipher(KeyRing.of(active, Map.of(active, settings.crypto().keys().get(active))));
        assertEquals(access, activeOnly.open((String) rotated.get("access_token_sealed"), context));
        assertEquals(refresh, activeOnly.open((String) rotated.get("refresh_token_sealed"), context));
        assertNotEquals(oldAccess, rotated.get("access_token_sealed"));
        assertEquals(signedIn.get("access_expires_at"), rotated.get("access_expires_at"));
        assertEquals(signedIn.get("status"), rotated.get("status"));

        Functions.resolve(org, "rita", null, config.getString("title")).then().statusCode(200)
                .body("accessToken", equalTo(access));
        given().get(ready).then()
                .body("checks.find { it.name == 'token key rotation' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'token key rotation' }.data.activeKeyId", nullValue())
                .body("checks.find { it.name == 'token key rotation' }.data.tokensOnRetiredKeys", equalTo(0));
    }

    @Test
    void tokensAwaitingRevocationMoveToTheActiveKeyTooAndStillOpenToTheSameValues() {
        String org = Fixtures.newOrg();
        String config = java.util.UUID.randomUUID().toString();
        String context = TokenRow.context(org, config, "sam");
        String access = "access-awaiting-revocation-" + java.util.UUID.randomUUID();
        String refresh = "refresh-awaiting-revocation-" + java.util.UUID.randomUUID();
        // A job queued before the rotation (a removal's copy of sam's tokens), due only in an hour,
        // so the revocation runner leaves it alone while the rewrap job runs.
        EnvelopeCipher beforeRotation = new EnvelopeCipher(KeyRing.of(RETIRED, settings.crypto().keys()));
        Fixtures.update("insert into revocation_job (org_id, config_id, user_id, retired_by_version, access_token_sealed, "
                        + "refresh_token_sealed, next_attempt_at, give_up_at) values (?, ?, ?, 2, ?, ?, now() + interval '1 hour', "
                        + "now() + interval '2 hours')",
                org, config, "sam", beforeRotation.seal(access, context), beforeRotation.seal(refresh, context));

        String active = settings.crypto().activeKeyId();
        String job = "select * from revocation_job where org_id = ? and config_id = ? and user_id = ?";
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Object> row = Fixtures.row(job, org, config, "sam");
            return active.equals(EnvelopeCipher.keyIdOf((String) row.get("access_token_sealed")))
                    && active.equals(EnvelopeCipher.keyIdOf((String) row.get("refresh_token_sealed")));
        });

        // What the revocation runner will send the provider, readable once the retired key is gone.
        Map<String, Object> rotated = Fixtures.row(job, org, config, "sam");
        EnvelopeCipher activeOnly = new EnvelopeCipher(KeyRing.of(active, Map.of(active, settings.crypto().keys().get(active))));
        assertEquals(access, activeOnly.open((String) rotated.get("access_token_sealed"), context));
        assertEquals(refresh, activeOnly.open((String) rotated.get("refresh_token_sealed"), context));
        assertEquals(0, ((Number) rotated.get("attempts")).intValue(), "the job's own state is left as it was");
        given().get(ready).then()
                .body("checks.find { it.name == 'token key rotation' }.data.tokensOnRetiredKeys", equalTo(0));
    }

    @Test
    void valuesUnderAKeyNoLongerInTheRingHoldBackNoOtherAndStayCounted() {
        String org = Fixtures.newOrg();
        String config = java.util.UUID.randomUUID().toString();
        EnvelopeCipher beforeRotation = new EnvelopeCipher(KeyRing.of(RETIRED, settings.crypto().keys()));
        // Under a key dropped from the ring too early (or restored from an old backup): they cannot be moved.
        String gone = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        EnvelopeCipher dropped = new EnvelopeCipher(KeyRing.of("dropped", Map.of("dropped", gone)));
        String doraContext = TokenRow.context(org, config, "dora");
        Fixtures.update("insert into user_token (org_id, config_id, user_id, status, access_token_sealed, refresh_token_sealed, "
                        + "config_version, consent_fingerprint) values (?, ?, ?, 'ACTIVE', ?, ?, 1, 'fp')",
                org, config, "dora", dropped.seal("dora-access", doraContext), dropped.seal("dora-refresh", doraContext));
        String victorContext = TokenRow.context(org, config, "victor");
        Fixtures.update("insert into revocation_job (org_id, config_id, user_id, retired_by_version, access_token_sealed, "
                        + "refresh_token_sealed, next_attempt_at, give_up_at) values (?, ?, ?, 2, ?, ?, now() + interval '1 hour', "
                        + "now() + interval '2 hours')",
                org, config, "victor", dropped.seal("victor-access", victorContext), dropped.seal("victor-refresh", victorContext));
        String ursulaContext = TokenRow.context(org, config, "ursula");
        Fixtures.update("insert into user_token (org_id, config_id, user_id, status, access_token_sealed, refresh_token_sealed, "
                        + "config_version, consent_fingerprint) values (?, ?, ?, 'ACTIVE', ?, ?, 1, 'fp')",
                org, config, "ursula", beforeRotation.seal("ursula-access", ursulaContext),
                beforeRotation.seal("ursula-refresh", ursulaContext));
        try {
            String active = settings.crypto().activeKeyId();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<String, Object> row = Fixtures.tokenRow(org, config, "ursula");
                return active.equals(EnvelopeCipher.keyIdOf((String) row.get("access_token_sealed")))
                        && active.equals(EnvelopeCipher.keyIdOf((String) row.get("refresh_token_sealed")));
            });
            assertEquals("dropped", EnvelopeCipher.keyIdOf((String) Fixtures.tokenRow(org, config, "dora").get("access_token_sealed")));
            // The operator still sees that something depends on a key that is no longer there.
            given().get(ready).then()
                    .body("checks.find { it.name == 'token key rotation' }.data.tokensOnRetiredKeys", greaterThanOrEqualTo(2));
        } finally {
            Fixtures.update("delete from revocation_job where org_id = ? and config_id = ?", org, config);
            Fixtures.update("delete from user_token where org_id = ? and config_id = ?", org, config);
        }
    }
}
