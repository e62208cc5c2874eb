package com.oauthconfig.common.security;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * The first authenticated request of a replica, before the platform issuer's key ids were ever
 * read (production reads them first after 5 minutes), makes the key check read them in the middle
 * of the request: the request must still be answered as any other.
 */
@QuarkusTest
@TestProfile(PlatformKeyColdReadTest.KeysNotYetRead.class)
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class PlatformKeyColdReadTest {

    /** As production: no scheduled read before the first request. */
    public static class KeysNotYetRead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform-auth.jwks.refresh-interval", "1h");
        }
    }

    @Test
    void theFirstRequestOfAReplicaIsAnsweredWhileTheKeyIdsAreReadForIt() {
        String token = Rig.oidc().platformToken("carol", "org-" + UUID.randomUUID(), "ADMIN");
        given().auth().oauth2(token).get("/test/whoami").then().statusCode(200);
    }
}
