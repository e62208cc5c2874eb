package com.oauthconfig.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The smoke mode end to end, so the benchmarks cannot rot: the real stack starts, every
 * benchmark runs for a few seconds, and the JSON has every row with numbers or an explicit
 * "not available" reason. Needs the services packaged (./mvnw -B -DskipTests install at the root).
 */
class SmokeRunTest {

    @Test
    void smokeRunWritesEveryRowWithMeasuredNumbersOrAnExplicitReason() throws Exception {
        Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        Path out = root.resolve("bench/target/smoke-test/latest.json");
        Files.deleteIfExists(out);

        Bench.run(Bench.Options.smoke(root, out));

        JsonObject written = new JsonObject(Files.readString(out));
        assertEquals("smoke", written.getString("mode"));
        assertEquals(Runtime.getRuntime().availableProcessors(), written.getJsonObject("machine").getInteger("cpus"));
        JsonArray array = written.getJsonArray("rows");
        Map<String, JsonObject> rows = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject row = array.getJsonObject(i);
            assertNull(rows.put(row.getString("id"), row), "row " + row.getString("id") + " appears twice");
        }
        assertEquals(Bench.ROW_IDS, List.copyOf(rows.keySet()), "every row, in the documented order");

        for (JsonObject row : rows.values()) {
            String id = row.getString("id");
            String reason = row.getString("notAvailable");
            if (reason != null) {
                assertFalse(reason.isBlank(), id + " is not available without saying why");
                assertEquals("not available", row.getString("result"), id);
                assertNull(row.getValue("pass"), id + " has no figure, so it neither passes nor fails");
            } else {
                assertTrue(hasNumber(row.getJsonObject("values")), id + " has no measured number: " + row.encode());
                assertTrue(Set.of("PASS", "FAIL", "—").contains(row.getString("result")), id);
            }
        }
        // These depend only on the stack and the config-service: when they are missing the harness is broken.
        for (String id : List.of("5-config-create-c16", "5-config-read-c16", "5-config-update-c16", "5-config-list",
                "6-footprint-config-service", "6-footprint-token-service", "6-footprint-credential-alias-service")) {
            assertNull(rows.get(id).getString("notAvailable"), id + " must be measured in every run: " + rows.get(id).encode());
        }
        assertNotNull(rows.get("6-footprint-token-service").getJsonObject("values").getDouble("rssRestMiB"));
        assertTrue(rows.get("6-footprint-token-service").getJsonObject("values").getDouble("rssRestMiB") > 0);
    }

    private static boolean hasNumber(JsonObject values) {
        return values != null && values.stream().anyMatch(e -> e.getValue() instanceof Number n && n.doubleValue() >= 0);
    }
}
