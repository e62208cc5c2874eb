package com.oauthconfig.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table and the JSON say the same thing, and a missing figure says why instead of showing a number. */
class ReportTest {

    @Test
    void unavailableRowShowsItsReasonAndNoVerdict() {
        Report report = new Report();
        Row row = report.row("2-resolve-c64", "token resolve");
        row.goal = "≥ 10,000 req/s";
        row.pass = true;
        row.unavailable("POST /api/tokens/resolve answered HTTP 404");

        JsonObject json = report.json(new JsonObject()).getJsonArray("rows").getJsonObject(0);
        assertEquals("POST /api/tokens/resolve answered HTTP 404", json.getString("notAvailable"));
        assertEquals("not available", json.getString("result"));
        assertNull(json.getValue("pass"));
        assertTrue(report.table().contains("not available: POST /api/tokens/resolve answered HTTP 404"), report.table());
    }

    @Test
    void measuredRowCarriesValuesRatioAndVerdict() {
        Report report = new Report();
        Row row = report.row("1-inject-c64", "injection");
        row.values.put("oursRps", 600.0).put("directRps", 1000.0);
        row.ratio = 0.6;
        row.ratioOf = "ours/direct req/s";
        row.goal = "throughput ≥ 0.6× direct";
        row.pass = true;

        JsonObject json = report.json(new JsonObject().put("mode", "smoke")).getJsonArray("rows").getJsonObject(0);
        assertEquals(0.6, json.getDouble("ratio"));
        assertEquals("PASS", json.getString("result"));
        assertEquals(600.0, json.getJsonObject("values").getDouble("oursRps"));
        assertTrue(report.table().contains("| 1-inject-c64 | injection |"), report.table());
        assertTrue(report.table().contains("0.60× ours/direct req/s"), report.table());
    }

    @Test
    void withheldRowKeepsItsFiguresAndCountedVerdictButNoRatioOrTimingVerdict() {
        Report report = new Report();
        Row timed = report.row("7-peer-c64", "peer");
        timed.values.put("oursRps", 3000.0).put("baseRps", 1000.0);
        timed.ours = "3,000 req/s";
        timed.ratio = 3.0;
        timed.ratioOf = "ours/peer req/s";
        timed.pass = true;
        Row counted = report.row("3-singleflight-herd", "herd");
        counted.values.put("providerTokenCalls", 1);
        counted.ratio = 1.0;
        counted.ratioOf = "calls/users";
        counted.pass = true;
        counted.deterministic = true;
        report.rows.forEach(r -> r.withhold(Bench.SMOKE_WITHHELD));

        JsonObject json = report.json(new JsonObject());
        JsonObject t = json.getJsonArray("rows").getJsonObject(0);
        assertNull(t.getValue("ratio"));
        assertNull(t.getValue("pass"));
        assertEquals(3000.0, t.getJsonObject("values").getDouble("oursRps"));
        assertEquals(Bench.SMOKE_WITHHELD, t.getString("ratioWithheld"));
        JsonObject c = json.getJsonArray("rows").getJsonObject(1);
        assertEquals("PASS", c.getString("result"));
        assertTrue(report.table().contains("ratio not reported in smoke mode"), report.table());
        assertTrue(!report.table().contains("3.00×"), report.table());
    }
}
