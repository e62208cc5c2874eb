package com.oauthconfig.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The facts a reader needs to judge the numbers: cores, memory, CPU, JVM, and how busy the machine was. */
final class Machine {

    private Machine() {
    }

    static JsonObject facts() {
        return new JsonObject()
                .put("cpus", Runtime.getRuntime().availableProcessors())
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
