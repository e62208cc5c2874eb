package com.oauthconfig.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resident memory of processes (Linux /proc) and the start times the frameworks report. */
final class Footprint {

    private static final Pattern QUARKUS_STARTED = Pattern.compile("started in ([0-9]+(?:\\.[0-9]+)?)s");
    private static final Pattern SPRING_STARTED = Pattern.compile("Started \\w+ in ([0-9]+(?:\\.[0-9]+)?) seconds");

    private Footprint() {
    }

    /** VmRSS in MiB, or -1 when the process is gone or this is not Linux. */
    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Which service each pid runs, from its command line (the jar path names the service). */
    static Map<String, Long> byService(List<Long> pids, List<String> services) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (long pid : pids) {
            try {
                String cmdline = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8);
                for (String s : services) {
                    if (cmdline.contains("/" + s + "/target/quarkus-app")) {
                        map.putIfAbsent(s, pid);
                    }
                }
            } catch (IOException e) {
                // gone: not in the map
            }
        }
        return map;
    }

    static OptionalDouble quarkusStartSeconds(Path log) {
        return firstMatch(log, QUARKUS_STARTED);
    }

    static OptionalDouble springStartSeconds(Path log) {
        return firstMatch(log, SPRING_STARTED);
    }

    private static OptionalDouble firstMatch(Path log, Pattern pattern) {
        try {
            Matcher m = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
            return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }

    /** Samples RSS of some processes every 200 ms and keeps the maximum, while running. */
    static final class Sampler implements AutoCloseable {

        private final Map<String, Long> pids;
        private final Map<String, Double> max = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler(Map<String, Long> pids) {
            this.pids = Map.copyOf(pids);
            this.thread = new Thread(this::sample, "rss-sampler");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void sample() {
            while (running) {
                pids.forEach((name, pid) -> {
                    double rss = rssMiB(pid);
                    if (rss > 0) {
                        max.merge(name, rss, Math::max);
                    }
                });
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Map<String, Double> max() {
            return Map.copyOf(max);
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
