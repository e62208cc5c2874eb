package com.oauthconfig.common.security;

import com.oauthconfig.rig.OidcProvider;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key the platform issuer withdraws from its JWKS stops being trusted within the re-read
 * interval (1 s in tests, 5 min by default), also for a token this replica had already verified
 * and remembered; when the issuer publishes it again, its tokens work again.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class PlatformKeyWithdrawalTest {

    @Inject
    PlatformSigningKeys keys;

    @AfterEach
    void restore() {
        Rig.oidc().restoreSigningKeys(OidcProvider.PLATFORM_ISSUER_ID);
    }

    @Test
    void aWithdrawnKeyIsRefusedEvenForARememberedTokenAndTrustedAgainOnceRepublished() {
        String org = "org-" + UUID.randomUUID();
        String remembered = Rig.oidc().platformToken("alice", org, "ADMIN");
        given().auth().oauth2(remembered).get("/test/whoami").then().statusCode(200);
        given().auth().oauth2(remembered).get("/test/whoami").then().statusCode(200);

        Rig.oidc().withdrawSigningKeys(OidcProvider.PLATFORM_ISSUER_ID);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().auth().oauth2(remembered).get("/test/whoami").then().extract().statusCode() == 401);
        String fresh = Rig.oidc().platformToken("bob", org, "ADMIN");
        given().auth().oauth2(fresh).get("/test/whoami").then().statusCode(401);

        Rig.oidc().restoreSigningKeys(OidcProvider.PLATFORM_ISSUER_ID);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().auth().oauth2(fresh).get("/test/whoami").then().extract().statusCode() == 200);
        given().auth().oauth2(remembered).get("/test/whoami").then().statusCode(200);
    }

    @Test
    void keyIdsNobodyPublishesCostAtMostOneExtraReadOfTheIssuersKeys() {
        keys.read().join();
        int before = Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "jwks");
        for (int i = 0; i < 200; i++) {
            assertFalse(keys.trusts("unknown-" + UUID.randomUUID()).await().atMost(Duration.ofSeconds(10)));
        }
        int reads = Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "jwks") - before;
        // The 1 s schedule may add a read or two while the loop runs; the 200 unknown ids add at most one.
        assertTrue(reads <= 3, "200 unknown key ids caused " + reads + " reads of the issuer's keys");
    }

    @Test
    void aTokenWithoutKeyIdIsNeverTrusted() {
        assertFalse(keys.trusts(null).await().atMost(Duration.ofSeconds(10)));
        assertEquals(null, PlatformSigningKeys.keyIdOf("not-a-jwt"));
    }
}
