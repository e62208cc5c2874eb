package com.oauthconfig.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The only reasons a row may be "not available" without the run being broken: something the
 * row needs is absent on this machine. Each is a condition the harness checks (and the smoke
 * test checks again), never "some failure happened".
 */
enum Absent {

    /** The Spring peer's jar is not built and Spring Boot is not in the local Maven repository (no network to fetch it). */
    SPRING_BOOT_NOT_RESOLVABLE("bench/peer-spring is not built and Spring Boot " + PeerSpring.BOOT_VERSION
            + " is not in the local Maven repository (offline build)") {
        @Override
        boolean holds(Path root) {
            return !Files.isRegularFile(PeerSpring.jar(root))
                    && !Files.isDirectory(localRepository().resolve("org/springframework/boot/spring-boot-starter-parent/" + PeerSpring.BOOT_VERSION));
        }
    },
    /** Resident memory comes from /proc (Linux only). */
    NO_PROC_FILESYSTEM("/proc/<pid>/status is not readable on this system (not Linux)") {
        @Override
        boolean holds(Path root) {
            return !Files.isReadable(Path.of("/proc/self/status"));
        }
    };

    final String description;

    Absent(String description) {
        this.description = description;
    }

    /** Whether the condition is true on this machine now. */
    abstract boolean holds(Path root);

    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
