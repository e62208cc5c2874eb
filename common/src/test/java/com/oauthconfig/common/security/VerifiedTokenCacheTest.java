package com.oauthconfig.common.security;

import com.oauthconfig.rig.ForgedTokens;
import com.oauthconfig.rig.OidcProvider;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A platform token verified once is served from memory, for exactly that token string and never past its exp. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class VerifiedTokenCacheTest {

    @Inject
    VerifiedTokenCache cache;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    private double gets(String result) {
        var counter = meters.find("cache.gets").tags("cache", "verified-platform-tokens", "result", result).functionCounter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void hitsAndMissesAreCountedInMicrometer() {
        String token = Rig.oidc().platformToken("dora", "org-" + UUID.randomUUID(), "ADMIN");
        double hits = gets("hit");
        double misses = gets("miss");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/test/whoami").then().statusCode(200);
        }
        assertTrue(gets("miss") - misses >= 1, "the first call missed");
        assertTrue(gets("hit") - hits >= 2, "the repeats hit");
    }

    @Test
    void aRepeatedTokenIsServedFromTheCacheWithItsOwnClaimsAndThisRequestsContext() {
        String org = "org-" + UUID.randomUUID();
        String token = Rig.oidc().platformToken("alice", org, "ADMIN");
        long before = cache.hits();
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).get("/test/whoami").then().statusCode(200)
                    .body("subject", equalTo("alice")).body("orgId", equalTo(org))
                    .body("roles", hasItems("ADMIN")).body("sameRequest", equalTo(true));
        }
        assertTrue(cache.hits() - before >= 4, "the four repeats are cache hits, got " + (cache.hits() - before));
    }

    @Test
    void twoCallersAlternatingEachSeeTheirOwnIdentity() {
        String orgA = "org-" + UUID.randomUUID();
        String orgB = "org-" + UUID.randomUUID();
        String a = Rig.oidc().platformToken("alice", orgA, "ADMIN");
        String b = Rig.oidc().platformToken("bob", orgB, "MEMBER");
        for (int i = 0; i < 4; i++) {
            given().auth().oauth2(a).get("/test/whoami").then().statusCode(200)
                    .body("subject", equalTo("alice")).body("orgId", equalTo(orgA));
            given().auth().oauth2(b).get("/test/whoami").then().statusCode(200)
                    .body("subject", equalTo("bob")).body("orgId", equalTo(orgB));
        }
    }

    @Test
    void everyForgeryIsRefusedEvenWhileTheGenuineTokenItWasMadeFromIsCached() {
        String org = "org-" + UUID.randomUUID();
        String genuine = Rig.oidc().platformToken("mallory", org, "ADMIN");
        given().auth().oauth2(genuine).get("/test/whoami").then().statusCode(200);
        given().auth().oauth2(genuine).get("/test/whoami").then().statusCode(200);
        Map<String, String> forgeries = new LinkedHashMap<>(ForgedTokens.all(org, "ADMIN"));
        // The cached token itself, altered: one claim, a truncated signature, one more character.
        String[] parts = genuine.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"ADMIN\"", "\"OWNER\"");
        forgeries.put("cached token, roles changed", parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        forgeries.put("cached token, signature cut", genuine.substring(0, genuine.length() - 4));
        forgeries.put("cached token, one more character", genuine + "A");
        for (Map.Entry<String, String> forged : forgeries.entrySet()) {
            for (int i = 0; i < 2; i++) {
                int status = given().auth().oauth2(forged.getValue()).get("/test/whoami").then().extract().statusCode();
                assertEquals(401, status, forged.getKey());
            }
        }
    }

    @Test
    void aCachedTokenIsRefusedOnceItHasExpired() {
        String org = "org-" + UUID.randomUUID();
        String token = Rig.oidc().platformToken("carol",
                Map.of(OidcProvider.ORG_CLAIM, org, OidcProvider.ROLES_CLAIM, List.of("ADMIN")), 3);
        given().auth().oauth2(token).get("/test/whoami").then().statusCode(200);
        given().auth().oauth2(token).get("/test/whoami").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().auth().oauth2(token).get("/test/whoami").then().statusCode(401));
    }

    @Test
    void withoutATokenTheCallerIsStillAskedToAuthenticate() {
        long before = cache.size();
        given().get("/test/whoami").then().statusCode(401);
        given().auth().oauth2("").get("/test/whoami").then().statusCode(401);
        // Entries of earlier tests may expire meanwhile; a request without a token never adds one.
        assertTrue(cache.size() <= before, "no entry for a request without a token: " + before + " -> " + cache.size());
    }
}
