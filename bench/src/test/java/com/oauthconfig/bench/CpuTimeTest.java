package com.oauthconfig.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTimeTest {

    @Test
    void theCpuAProcessSpendsIsCountedPerRequestAndSummed() {
        long self = ProcessHandle.current().pid();
        double before = CpuTime.cpuSeconds(self);
        assertTrue(before > 0, "this JVM has used CPU: " + before);
        CpuTime cpu = CpuTime.of(Map.of("this-jvm", List.of(self), "gone", List.of(Long.MAX_VALUE)));
        long until = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < until) {
            spin++;
        }
        JsonObject perRequest = cpu.msPerRequest(10);
        assertTrue(spin > 0);
        // About 300 ms of CPU over about 300 ms at 10 requests/s: some tens of ms per request.
        double ms = perRequest.getDouble("this-jvm");
        assertTrue(ms > 10 && ms < 500, "ms per request: " + perRequest);
        assertFalse(perRequest.containsKey("gone"), "a process that does not exist is left out: " + perRequest);
        assertEquals(ms, perRequest.getDouble("total"), 0.01);
        assertTrue(CpuTime.summary(perRequest).startsWith("this-jvm "), CpuTime.summary(perRequest));
        assertTrue(CpuTime.summary(perRequest).endsWith(" ms CPU per request"), CpuTime.summary(perRequest));
    }

    @Test
    void noThroughputGivesNoFigure() {
        CpuTime cpu = CpuTime.of(Map.of("this-jvm", List.of(ProcessHandle.current().pid())));
        assertTrue(cpu.msPerRequest(0).isEmpty());
        assertEquals("", CpuTime.summary(new JsonObject()));
    }
}
