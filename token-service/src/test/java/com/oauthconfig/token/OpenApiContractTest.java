package com.oauthconfig.token;

import com.oauthconfig.common.openapi.ProblemResponsesFilter;
import com.oauthconfig.common.problem.ProblemType;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.OpenApiContract;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/**
 * The OpenAPI document this service serves is the one committed in src/main/openapi-generated/
 * (the packaged build rewrites it; a drift fails here until it is committed), it is complete, and
 * Swagger UI shows it on the management interface.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class OpenApiContractTest {

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;
    @TestHTTPResource(value = "/swagger-ui/", management = true)
    URL swaggerUi;

    private String served() {
        return given().queryParam("format", "json").get(openapi).then().statusCode(200).extract().asString();
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        OpenApiContract.assertMatchesCommitted(served(), OpenApiContract.committed());
    }

    @Test
    void everyOperationIsDescribedWithItsSecurityAndEveryErrorOfTheCatalogueAsProblemJson() throws Exception {
        // The SSO sign-in to the platform is public: its caller has no platform token yet.
        OpenApiContract.assertComplete(served(), Set.of("GET /sso/start", "GET /sso/callback", "GET /sso/jwks"),
                ProblemResponsesFilter.catalogue().stream().map(ProblemType::slug).collect(Collectors.toSet()));
    }

    @Test
    void swaggerUiIsServedOnTheManagementInterface() {
        given().get(swaggerUi).then().statusCode(200);
    }
}
