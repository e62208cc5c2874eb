package com.oauthconfig.common.security;

import com.oauthconfig.rig.OidcProvider;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** What the platform token grants: SUPPORT only from the staff organisation; the calling client from azp/client_id. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class CallerTest {

    @Test
    void supportCountsOnlyInTokensOfThePlatformStaffOrganisation() {
        given().auth().oauth2(Rig.oidc().staffSupportToken("agent")).get("/test/whoami").then().statusCode(200)
                .body("support", equalTo(true));
        String customer = "org-" + UUID.randomUUID();
        // A customer organisation whose identity provider hands out SUPPORT gets nothing by it.
        given().auth().oauth2(Rig.oidc().platformToken("mallory", customer, "SUPPORT", "ADMIN")).get("/test/whoami").then()
                .statusCode(200).body("support", equalTo(false));
        // Nor does a SUPPORT token that names no organisation at all.
        given().auth().oauth2(Rig.oidc().platformToken("agent", Map.of("roles", List.of("SUPPORT")), 3600))
                .get("/test/whoami").then().statusCode(200).body("support", equalTo(false));
    }

    @Test
    void theCallingClientComesFromAzpNeverFromTheSubject() {
        given().auth().oauth2(Rig.oidc().serviceToken("token-service")).get("/test/whoami").then().statusCode(200)
                .body("clientId", equalTo("token-service"));
        // Issued to client "reporting-job" for a subject that happens to read "token-service".
        String token = Rig.oidc().serviceToken("reporting-job", "token-service");
        given().auth().oauth2(token).get("/test/whoami").then().statusCode(200)
                .body("subject", equalTo("token-service")).body("clientId", equalTo("reporting-job"));
    }
}
