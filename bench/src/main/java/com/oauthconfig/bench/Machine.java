package com.oauthconfig.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The facts a reader needs to judge the numbers: cores, memory, CPU, JVM, and how busy the machine was. */
final class Machine {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private Machine() {
    }

    static JsonObject facts() {
        return new JsonObject()
                .put("cpus", CORES)
                .put("cpuModel", firstValue(Path.of("/proc/cpuinfo"), "model name"))
                .put("memTotal", firstValue(Path.of("/proc/meminfo"), "MemTotal"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .put("loadAverageBefore", loadAverage());
    }

    /** The 1, 5 and 15 minute load averages: above the core count, other work shared the CPUs. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** How long a full run waits for the machine to quieten (e.g. the build run.sh just did) before it judges it busy. */
    static final Duration QUIET_WAIT = Duration.ofMinutes(2);

    /**
     * Null when the machine is quiet before the run (1-minute load average at most
     * {@code perCore} × cores, waiting up to {@link #QUIET_WAIT} for it to fall), otherwise why
     * ratios are not reported; with {@code allowBusy} the run reports them anyway and says so.
     * Records what it saw in {@code run}.
     */
    static String busyBeforeRun(double perCore, boolean allowBusy, JsonObject run) {
        double limit = loadLimit(perCore);
        double load = awaitQuiet(perCore);
        boolean busy = load > limit;
        run.put("busyCheck", new JsonObject().put("oneMinuteLoad", load).put("limit", limit).put("loadPerCore", perCore)
                .put("busy", busy).put("allowBusy", allowBusy));
        if (!busy) {
            return null;
        }
        if (allowBusy) {
            Bench.log("machine busy before the run, ratios reported anyway (--allow-busy)");
            return null;
        }
        return String.format("not reported: the machine was busy before the run (1-min load %.2f > %.2f × %d cores); run on a quiet "
                + "machine or pass --allow-busy", load, perCore, CORES);
    }

    /** The 1-minute load average this machine counts as quiet: {@code perCore} × its cores. */
    private static double loadLimit(double perCore) {
        return perCore * CORES;
    }

    /**
     * Waits up to {@code QUIET_WAIT} for the 1-minute load average to fall to {@code perCore} × cores;
     * returns the last load seen.
     */
    static double awaitQuiet(double perCore) {
        double limit = loadLimit(perCore);
        long deadline = System.nanoTime() + QUIET_WAIT.toNanos();
        double load = oneMinute();
        while (load > limit && System.nanoTime() < deadline) {
            Bench.log(String.format("machine busy (1-min load %.2f > %.2f = %.2f × %d cores); waiting for it to quieten", load, limit,
                    perCore, CORES));
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
            load = oneMinute();
        }
        return load;
    }

    static double oneMinute() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
