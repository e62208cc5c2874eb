package com.oauthconfig.common.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.function.Supplier;

/**
 * Registers a gauge in place of one of the same name and tags. The registry is the JVM-wide global
 * one, which outside dev mode keeps its meters when Quarkus restarts in the same JVM (a test suite
 * does, per test profile): registering again would hand back the earlier instance's gauge, still
 * reading that instance's values.
 */
public final class Gauges {

    private Gauges() {
    }

    public static void replace(MeterRegistry meters, String name, Tags tags, String description, String unit, Supplier<Number> value) {
        meters.find(name).tags(tags).gauges().forEach(meters::remove);
        Gauge.builder(name, value).tags(tags).description(description).baseUnit(unit).register(meters);
    }
}
