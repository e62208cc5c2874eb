package com.oauthconfig.token;

import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
// Same resources as the other tests, so one application start serves them all.
@WithTestResource(FakeConfigService.class)
class HealthTest {

    @Test
    void readinessIsUpAndCoversTheDatabaseAndTheBroker() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka connection health check"));
    }
}
