package com.oauthconfig.bench;

import com.oauthconfig.localstack.LocalStack;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a write's time goes on this machine: the CPU time each process of the platform spent
 * while a load ran, per request served. A config write is paid for by the config-service, the
 * two services that consume its event and PostgreSQL; on a machine of 2 cores their sum bounds
 * the throughput. Read from Linux {@code /proc} (user + system time of each process); background
 * work during the run (an event backlog, the outbox relay) counts, because the machine pays it.
 */
final class CpuTime {

    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every supported architecture. */
    private static final double TICKS_PER_SECOND = 100.0;
    static final String POSTGRESQL = "postgresql";

    private final Map<String, List<Long>> processes;
    private final Map<String, Map<Long, Double>> startSeconds;
    private final long startNanos = System.nanoTime();

    private CpuTime(Map<String, List<Long>> processes) {
        this.processes = processes;
        this.startSeconds = seconds(processes);
    }

    /** Starts counting for the three services and the stack's PostgreSQL (its server and every backend). */
    static CpuTime start(LocalStack stack) {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        Footprint.byService(stack.servicePids(), Bench.SERVICES).forEach((name, pid) -> processes.put(name, List.of(pid)));
        processes.put(POSTGRESQL, postgres(stack.postgres().port()));
        return new CpuTime(processes);
    }

    /** Starts counting for the given processes by name. */
    static CpuTime of(Map<String, List<Long>> processes) {
        return new CpuTime(new LinkedHashMap<>(processes));
    }

    /**
     * CPU milliseconds per request of each process, from the CPU it used over the run and the run's
     * throughput (the run is at steady load, so cores used / requests per second is the cost of one).
     * Empty when {@code /proc} cannot be read.
     */
    JsonObject msPerRequest(double requestsPerSecond) {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Map<Long, Double>> end = seconds(processes);
        JsonObject out = new JsonObject();
        if (wall <= 0 || requestsPerSecond <= 0) {
            return out;
        }
        double total = 0;
        for (Map.Entry<String, Map<Long, Double>> e : end.entrySet()) {
            Map<Long, Double> began = startSeconds.getOrDefault(e.getKey(), Map.of());
            double used = 0;
            for (Map.Entry<Long, Double> p : e.getValue().entrySet()) {
                used += p.getValue() - began.getOrDefault(p.getKey(), 0.0);
            }
            double ms = used / wall / requestsPerSecond * 1000;
            total += ms;
            out.put(e.getKey(), Report.round(ms, 2));
        }
        if (!out.isEmpty()) {
            out.put("total", Report.round(total, 2));
        }
        return out;
    }

    /** "config-service 4.0, token-service 2.4, …, total 9.8 ms CPU per request". */
    static String summary(JsonObject msPerRequest) {
        if (msPerRequest.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        msPerRequest.forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        return String.join(", ", parts) + " ms CPU per request";
    }

    /**
     * CPU seconds by group and process. A backend that starts during the run counts from zero; one
     * that ends during it loses its last stretch (pools keep their connections at steady load).
     */
    private static Map<String, Map<Long, Double>> seconds(Map<String, List<Long>> processes) {
        Map<String, Map<Long, Double>> out = new LinkedHashMap<>();
        processes.forEach((name, pids) -> {
            Map<Long, Double> each = new LinkedHashMap<>();
            for (long pid : name.equals(POSTGRESQL) ? withChildren(pids) : pids) {
                double s = cpuSeconds(pid);
                if (s >= 0) {
                    each.put(pid, s);
                }
            }
            if (!each.isEmpty()) {
                out.put(name, each);
            }
        });
        return out;
    }

    /** User + system CPU seconds of one process, or -1 when it is gone or this is not Linux. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command name, which is in parentheses and may itself hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The PostgreSQL server listening on {@code port}: its command line names the port. */
    private static List<Long> postgres(int port) {
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            return all.map(p -> p.getFileName().toString()).filter(s -> s.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> {
                        String cmd = commandLine(pid);
                        return cmd.contains("postgres") && (cmd + " ").contains(" -p " + port + " ");
                    })
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The server and its backends as they are now: backends come and go with the pools' connections. */
    private static List<Long> withChildren(List<Long> servers) {
        List<Long> out = new ArrayList<>(servers);
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            all.map(p -> p.getFileName().toString()).filter(s -> s.chars().allMatch(Character::isDigit)).map(Long::parseLong)
                    .filter(pid -> servers.contains(parent(pid))).forEach(out::add);
        } catch (IOException e) {
            // not Linux: the server alone
        }
        return out;
    }

    private static long parent(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
