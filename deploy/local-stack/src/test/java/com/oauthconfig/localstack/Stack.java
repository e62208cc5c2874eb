package com.oauthconfig.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one stack the end-to-end suite shares, web console included: started on first use, stopped with the JVM. */
final class Stack {

    private static LocalStack stack;

    private Stack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                stack = LocalStack.start(LocalStack.Options.forTests(root(), Files.createTempDirectory("e2e-stack-"), 1).withConsole());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stack-stop"));
        }
        return stack;
    }

    static Path root() {
        return Path.of(System.getProperty("platform.root", "../..")).toAbsolutePath().normalize();
    }
}
