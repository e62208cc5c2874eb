package com.oauthconfig.bench;

import com.oauthconfig.localstack.ServiceJvm;
import com.oauthconfig.rig.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process the benchmark compares with the services (the Spring peer, the floors), started with
 * the JVM flags the local stack gives the services, and timed from spawn to its first UP.
 */
final class ChildJvm implements AutoCloseable {


    final String name;
    final int port;
    final Path log;
    /** Spawn → first UP on the readiness endpoint. */
    final double readySeconds;
    private final Process process;

    private ChildJvm(String name, int port, Path log, double readySeconds, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.readySeconds = readySeconds;
        this.process = process;
    }

    /**
     * Starts {@code java <service flags> <args>} with {@code {port}} in the arguments replaced by a
     * free port, and waits for UP on {@code readinessPath}.
     */
    static ChildJvm start(String name, List<String> args, String readinessPath, Path logDir) throws IOException {
        return start(name, ServiceJvm.forThisJava(), args, readinessPath, logDir, null);
    }

    /**
     * {@link #start(String, List, String, Path)} with these JVM flags, in {@code directory} (null:
     * this JVM's): a Quarkus application runs from its quarkus-app folder with its class-data archive.
     */
    static ChildJvm start(String name, List<String> jvmFlags, List<String> args, String readinessPath, Path logDir, Path directory)
            throws IOException {
        int port = FreePorts.pick();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + "-" + port + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        args.forEach(a -> command.add(a.replace("{port}", String.valueOf(port))));
        long spawned = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            double ready = Readiness.awaitUp("http://127.0.0.1:" + port + readinessPath, spawned, process::isAlive, Duration.ofMinutes(2));
            return new ChildJvm(name, port, log, ready, process);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " " + e.getMessage() + "; see " + log, e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
