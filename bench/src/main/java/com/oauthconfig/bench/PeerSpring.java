package com.oauthconfig.bench;

import com.oauthconfig.rig.FreePorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Spring peer (bench/peer-spring) as a child JVM with the same heap and GC flags the local
 * stack gives our services; built on demand when its jar is missing or older than its sources.
 */
final class PeerSpring implements AutoCloseable {

    private final Process process;
    private final int port;
    final Path log;
    /** Spawn to the first 200 on /ready, measured here. */
    final double readySeconds;

    private PeerSpring(Process process, int port, Path log, double readySeconds) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.readySeconds = readySeconds;
    }

    static Path ensureBuilt(Path root, Path buildLog) throws IOException, InterruptedException {
        Path project = root.resolve("bench/peer-spring");
        Path jar = project.resolve("target/peer-spring.jar");
        if (Files.isRegularFile(jar) && !newerThan(project.resolve("src"), Files.getLastModifiedTime(jar))
                && Files.getLastModifiedTime(project.resolve("pom.xml")).compareTo(Files.getLastModifiedTime(jar)) < 0) {
            return jar;
        }
        Files.createDirectories(buildLog.getParent());
        Process build = new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-q", "-f", project.resolve("pom.xml").toString(),
                "-DskipTests", "package")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(buildLog.toFile()).start();
        if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0 || !Files.isRegularFile(jar)) {
            build.destroyForcibly();
            throw new IllegalStateException("building bench/peer-spring failed; see " + buildLog);
        }
        return jar;
    }

    private static boolean newerThan(Path dir, FileTime than) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).compareTo(than) > 0;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }

    static PeerSpring start(Path jar, String platformIssuer, String tokenUri, Path logDir) throws IOException {
        int port = FreePorts.pick();
        Files.createDirectories(logDir);
        Path log = logDir.resolve("peer-spring-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + platformIssuer,
                "--spring.security.oauth2.client.provider.rig.token-uri=" + tokenUri));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = started + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("peer-spring exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return new PeerSpring(process, port, log, (System.nanoTime() - started) / 1e9);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("peer-spring not ready within 2 minutes; see " + log);
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
