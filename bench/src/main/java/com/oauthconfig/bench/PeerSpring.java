package com.oauthconfig.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Spring peer (bench/peer-spring, a separate Spring Boot project): built on demand when its
 * jar is missing or older than its sources, and started in one of its variants.
 */
final class PeerSpring {

    static final String BOOT_VERSION = "3.5.7";

    /** The variants the benchmark compares with, each its own JVM. */
    enum Variant {
        /** As Spring ships it: every request verifies the caller's JWT; one client-credentials token. */
        SHIPPED("peer-spring", ""),
        /** Plus a verified-token cache like the platform's (SHA-256 of the token, until exp, 60 s at most). */
        VERIFIED_TOKEN_CACHE("peer-spring-cached", "verified-token-cache"),
        /** Plus per-user tokens from PostgreSQL (R2dbcReactiveOAuth2AuthorizedClientService), as the token-service serves them. */
        USER_TOKEN_STORE("peer-spring-store", "verified-token-cache,user-token-store");

        final String processName;
        final String profiles;

        Variant(String processName, String profiles) {
            this.processName = processName;
            this.profiles = profiles;
        }
    }

    /** The peer's own database on the rig's PostgreSQL (profile user-token-store). */
    static final String DATABASE = "peer_spring";

    private PeerSpring() {
    }

    static Path jar(Path root) {
        return root.resolve("bench/peer-spring/target/peer-spring.jar");
    }

    static Path ensureBuilt(Path root, Path buildLog) throws IOException, InterruptedException {
        Path project = root.resolve("bench/peer-spring");
        Path jar = jar(root);
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

    /**
     * Starts one variant; {@code r2dbcUrl}, user and password only matter for
     * {@link Variant#USER_TOKEN_STORE}.
     */
    static ChildJvm start(Variant variant, Path jar, String platformIssuer, String tokenUri, String r2dbcUrl, String dbUser,
                          String dbPassword, Path logDir) throws IOException {
        List<String> args = new ArrayList<>(List.of("-jar", jar.toString(),
                "--server.port={port}",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + platformIssuer,
                "--spring.security.oauth2.client.provider.rig.token-uri=" + tokenUri));
        if (!variant.profiles.isEmpty()) {
            args.add("--spring.profiles.active=" + variant.profiles);
        }
        if (variant == Variant.USER_TOKEN_STORE) {
            args.addAll(List.of("--spring.r2dbc.url=" + r2dbcUrl, "--spring.r2dbc.username=" + dbUser, "--spring.r2dbc.password=" + dbPassword));
        }
        return ChildJvm.start(variant.processName, args, "/actuator/health/readiness", logDir);
    }
}
