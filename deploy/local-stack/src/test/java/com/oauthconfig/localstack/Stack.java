package com.oauthconfig.localstack;

import com.oauthconfig.rig.TempDirectories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The one stack the end-to-end suite shares, web console included: started on first use, stopped with the JVM. */
final class Stack {

    private static LocalStack stack;

    private Stack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            Path data = dataDirectory("e2e-stack-");
            try {
                stack = LocalStack.start(LocalStack.Options.forTests(root(), data, 1).withConsole());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started, data), "e2e-stack-stop"));
        }
        return stack;
    }

    /** A fresh data directory for a test's stack. */
    static Path dataDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops a test's stack and deletes its data (databases, broker logs), keeping the services' logs. */
    static void close(LocalStack stack, Path data) {
        if (stack != null) {
            stack.close();
            // At JVM exit the embedded PostgreSQL's own hook may still be stopping it.
            stack.postgres().awaitStopped(Duration.ofSeconds(30));
        }
        TempDirectories.deleteAllBut(data, "logs");
    }

    static Path root() {
        return Path.of(System.getProperty("platform.root", "../..")).toAbsolutePath().normalize();
    }
}
