package com.oauthconfig.common.outbox;

import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class ProcessedEventsTest {

    @Test
    void anEventIsNewOnlyOncePerConsumer() {
        UUID event = UUID.randomUUID();
        mark("alias", event).body(equalTo("true"));
        mark("alias", event).body(equalTo("false"));
        mark("token", event).body(equalTo("true"));
    }

    private static io.restassured.response.ValidatableResponse mark(String consumer, UUID event) {
        return given().post("/test/outbox/processed/" + consumer + "/" + event).then().statusCode(200);
    }
}
