package com.oauthconfig.bench;

import com.oauthconfig.localstack.LocalStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Resident memory of processes (Linux /proc) and start times measured from spawn to readiness. */
final class Footprint {

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

    /**
     * Stops a service instance (SIGTERM) and starts it again through the local stack, alone on the
     * machine's idle stack, timing spawn → first UP on {@code /q/health/ready} (its management port) as the peer's start is timed.
     */
    static double restartAlone(LocalStack stack, String service, long pid) {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
        String readiness = stack.managementUrl(service) + "/q/health/ready";
        long spawned = System.nanoTime();
        AtomicBoolean starting = new AtomicBoolean(true);
        CompletableFuture<Double> up = CompletableFuture.supplyAsync(() -> Readiness.awaitUp(readiness, spawned, starting::get,
                Duration.ofMinutes(2)));
        try {
            stack.restart(service, 0);
            return up.get(30, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(service + " did not come back: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            starting.set(false);
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
