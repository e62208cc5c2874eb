package com.oauthconfig.common.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production log format: one JSON object per line whose MDC carries the request's trace and
 * span ids, its correlation id and the caller's organisation, and never the caller's token. common's
 * test application writes its log with the JSON formatter as %prod does (there to the console, here
 * also to a file the test can read; both handlers take the same formatter settings), so no
 * restart of Quarkus for a test profile is needed.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class JsonLogTest {

    /** quarkus.log.file.path of common's test application.properties. */
    static final Path LOG = Path.of("target", "json-log-test", "application.log");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRequestsLogLineIsJsonWithTraceSpanCorrelationAndOrganisationButNoToken() {
        String org = "org-" + UUID.randomUUID();
        String correlation = "json-log-" + UUID.randomUUID();
        String token = Rig.oidc().platformToken("json-logger", org, "ADMIN");
        given().auth().oauth2(token).header(LogContextFilter.HEADER, correlation)
                .get("/test/whoami").then().statusCode(200);

        String line = await().atMost(Duration.ofSeconds(10)).until(() -> lineWith(correlation), Optional::isPresent).orElseThrow();
        JsonNode entry;
        try {
            entry = JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
        assertEquals("whoami answered", entry.path("message").asText(), line);
        JsonNode mdc = entry.path("mdc");
        assertEquals(correlation, mdc.path(LogContextFilter.CORRELATION_ID).asText(), line);
        assertEquals(org, mdc.path(LogContextFilter.ORG_ID).asText(), line);
        assertTrue(mdc.path("traceId").asText().matches("[0-9a-f]{32}"), "trace id: " + line);
        assertTrue(mdc.path("spanId").asText().matches("[0-9a-f]{16}"), "span id: " + line);
        assertFalse(line.contains(token), "the caller's token is in the log line");
        assertFalse(line.contains(token.substring(token.lastIndexOf('.') + 1)), "the token's signature is in the log line");
    }

    private static Optional<String> lineWith(String correlation) throws IOException {
        if (!Files.exists(LOG)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(LOG);
        return lines.stream().filter(l -> l.contains(correlation) && l.contains("whoami answered")).findFirst();
    }
}
