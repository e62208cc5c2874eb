package com.oauthconfig.alias;

import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class HealthTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @Test
    void readinessIsUpAndCoversTheDatabaseAndTheBroker() {
        given().when().get(ready)
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka connection health check"));
    }

    @Test
    void healthMetricsAndOpenApiAreOnTheManagementInterfaceOnly() {
        for (String path : new String[] {"/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi"}) {
            given().get(path).then().statusCode(404).body(not(containsString("UP")));
        }
    }
}
