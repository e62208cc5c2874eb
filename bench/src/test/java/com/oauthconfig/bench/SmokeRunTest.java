package com.oauthconfig.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The smoke mode end to end, so the benchmarks cannot rot: the real stack starts, every
 * benchmark runs for a few seconds, every row is measured (or names a checked condition of the
 * machine it lacks), and what is deterministic is gated — one provider call per user, every
 * request answered, the user's own token injected, removal propagated. Figures (req/s,
 * latencies) are never judged and no ratio is reported. Needs the services packaged
 * ({@code ./mvnw -B -DskipTests package} at the root).
 */
class SmokeRunTest {

    private static Path root;
    private static JsonObject written;
    private static Map<String, JsonObject> rows;

    @BeforeAll
    static void smokeRun() throws Exception {
        root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        Path out = root.resolve("bench/target/smoke-test/latest.json");
        Files.deleteIfExists(out);
        Bench.run(Bench.Options.smoke(root, out));
        written = new JsonObject(Files.readString(out));
        JsonArray array = written.getJsonArray("rows");
        rows = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject row = array.getJsonObject(i);
            assertNull(rows.put(row.getString("id"), row), "row " + row.getString("id") + " appears twice");
        }
    }

    @Test
    void everyRowIsPresentInOrderAndMeasuredUnlessTheMachineLacksANamedCheckedCondition() {
        assertEquals("smoke", written.getString("mode"));
        assertEquals(Runtime.getRuntime().availableProcessors(), written.getJsonObject("machine").getInteger("cpus"));
        assertEquals(Bench.ROW_IDS, List.copyOf(rows.keySet()), "every row, in the documented order");
        for (JsonObject row : rows.values()) {
            String id = row.getString("id");
            if (row.getString("notAvailable") != null) {
                String absent = row.getString("absent");
                if (absent == null) {
                    fail(id + " was not measured and no missing condition explains it: " + row.getString("notAvailable"));
                }
                assertTrue(Absent.valueOf(absent).holds(root), id + " claims " + absent + " but that does not hold on this machine");
                continue;
            }
            assertTrue(hasNumber(row.getJsonObject("values")), id + " has no measured number: " + row.encode());
            assertTrue(Set.of("PASS", "FAIL", "—").contains(row.getString("result")), id);
        }
    }

    @Test
    void noRatioAndNoTimingVerdictIsReportedInSmokeMode() {
        for (JsonObject row : measured()) {
            String id = row.getString("id");
            assertNull(row.getValue("ratio"), id + " reports a ratio in smoke mode");
            if (!row.getString("ratioOf").isEmpty()) {
                assertEquals(Bench.SMOKE_WITHHELD, row.getString("ratioWithheld"), id);
            }
            if (!id.startsWith("3-")) {
                assertNull(row.getValue("pass"), id + " judges a timing in smoke mode");
            }
        }
    }

    @Test
    void everyRequestOfEveryLoadRowWasAnswered() {
        int loadRows = 0;
        for (JsonObject row : measured()) {
            JsonObject values = row.getJsonObject("values");
            for (String key : values.fieldNames()) {
                if (key.endsWith("Errors")) {
                    loadRows++;
                    assertEquals(0L, values.getLong(key), row.getString("id") + " had failed requests (" + key + "): " + row.encode());
                }
                if (key.endsWith("Requests")) {
                    assertTrue(values.getLong(key) > 0, row.getString("id") + " answered nothing (" + key + ")");
                }
            }
        }
        assertTrue(loadRows >= 20, "the load rows carry their error counts (" + loadRows + ")");
    }

    @Test
    void singleFlightMakesExactlyOneProviderCallPerUserAndAnswersEveryRequest() {
        for (String id : List.of("3-singleflight-herd", "3-singleflight-users")) {
            JsonObject values = required(id).getJsonObject("values");
            assertEquals(values.getInteger("expectedCalls"), values.getInteger("providerTokenCalls"), id + ": provider calls");
            assertEquals(values.getInteger("requests"), values.getInteger("answered200"), id + ": answered 200");
            assertEquals("PASS", required(id).getString("result"), id);
        }
    }

    @Test
    void eachWriteRowWaitsForTheConsumersToApplyEveryEventOfItsRun() {
        for (String[] row : new String[][]{{"5-config-create-c16", "create"}, {"5-config-update-c16", "update"}}) {
            JsonObject values = required(row[0]).getJsonObject("values");
            JsonObject catchUp = values.getJsonObject("consumersCatchUp");
            assertTrue(catchUp != null && catchUp.getBoolean("caughtUp"), row[0] + ": " + values.encode());
            double sustained = values.getDouble(row[1] + "SustainedRps");
            assertTrue(sustained > 0 && sustained <= values.getDouble(row[1] + "Rps"),
                    row[0] + ": the sustained rate counts the catch-up, so it is at most the API's: " + values.encode());
        }
    }

    @Test
    void removalPropagatesToTokensAndAliasesInEveryRound() {
        for (String id : List.of("4-propagation-tokens", "4-propagation-aliases")) {
            JsonObject values = required(id).getJsonObject("values");
            assertEquals(values.getInteger("roundsPlanned"), values.getInteger("roundsReached"), id);
            assertTrue(values.getInteger("roundsReached") > 0, id);
        }
        assertEquals(0, required("4-propagation-tokens").getJsonObject("values").getInteger("tokenRowsLeft"));
    }

    @Test
    void injectionAndTheComparedProxiesForwardTheUsersTokenAtEveryConcurrency() {
        for (int c : InjectionBench.CONCURRENCY) {
            JsonObject inject = required("1-inject-c" + c);
            assertEquals(Boolean.TRUE, inject.getJsonObject("values").getBoolean("injectedTokenIsTheUsers"), inject.encode());
            measuredOrAbsent("7-peer-c" + c);
            measuredOrAbsent("7-peer-cached-c" + c);
            measuredOrAbsent("7-peer-store-c" + c);
            required("8-proxy-c" + c);
        }
        assertTrue(required("2-resolve-c64").getJsonObject("values").getDouble("resolveRps") > 0);
    }

    @Test
    void everyStartIsTimedFromSpawnToReadinessAndEveryProcessHasItsResidentMemory() {
        for (String id : List.of("6-footprint-floor-quarkus", "6-footprint-config-service", "6-footprint-token-service",
                "6-footprint-credential-alias-service", "6-footprint-peer-spring")) {
            JsonObject row = rows.get(id);
            if (row.getString("absent") != null) {
                continue;
            }
            JsonObject values = required(id).getJsonObject("values");
            assertTrue(values.getDouble("startSeconds") > 0, id);
            assertTrue(values.getString("startMeasuredAs").startsWith("spawn → first UP on readiness"), id);
            assertTrue(values.getDouble("rssRestMiB") > 0, id);
            assertTrue(values.getDouble("rssUnderLoadMiB") > 0, id);
        }
    }

    @Test
    void eachServicesStartIsComparedWithTheQuarkusFloorAndTheSpringPeer() {
        for (String service : Bench.SERVICES) {
            JsonObject floor = required("6-start-vs-floor-" + service).getJsonObject("values");
            assertEquals(Bench.FLOOR, floor.getString("baseName"));
            assertTrue(floor.getDouble("startSeconds") > 0 && floor.getDouble("baseStartSeconds") > 0, service);
            JsonObject peer = rows.get("6-start-vs-peer-" + service);
            if (peer.getString("absent") == null) {
                assertEquals("peer-spring", required("6-start-vs-peer-" + service).getJsonObject("values").getString("baseName"));
            }
        }
    }

    private static JsonObject required(String id) {
        JsonObject row = rows.get(id);
        assertNotNull(row, id + " missing");
        assertNull(row.getString("notAvailable"), id + " must be measured: " + row.encode());
        return row;
    }

    private static void measuredOrAbsent(String id) {
        JsonObject row = rows.get(id);
        if (row.getString("absent") == null) {
            required(id);
        }
    }

    private static List<JsonObject> measured() {
        return rows.values().stream().filter(r -> r.getString("notAvailable") == null).toList();
    }

    private static boolean hasNumber(JsonObject values) {
        return values != null && values.stream().anyMatch(e -> e.getValue() instanceof Number n && n.doubleValue() >= 0);
    }
}
