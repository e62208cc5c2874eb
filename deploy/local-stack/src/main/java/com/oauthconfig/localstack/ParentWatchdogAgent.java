package com.oauthconfig.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent the launcher attaches to every service it starts ({@code -javaagent:…=<launcher pid>}):
 * the service exits when the launcher is gone, so a launcher killed with SIGKILL (which runs no
 * shutdown hook) leaves no orphan services. It lives here, not in the services, because only the
 * local stack needs it; {@code System.exit} runs the service's own shutdown hooks.
 */
public final class ParentWatchdogAgent {

    private static final Duration EVERY = Duration.ofSeconds(2);
    private static Path jar;

    private ParentWatchdogAgent() {
    }

    public static void premain(String launcherPid) {
        long pid = Long.parseLong(launcherPid.trim());
        Thread watchdog = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("the local-stack launcher (pid " + pid + ") is gone; shutting down");
            System.exit(0);
        }, "local-stack-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** A jar holding only this class, written once per launcher: the services' class path gets nothing else. */
    static synchronized Path jar() throws IOException {
        if (jar != null) {
            return jar;
        }
        Path file = Files.createTempFile("local-stack-watchdog", ".jar");
        file.toFile().deleteOnExit();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchdogAgent.class.getName());
        String entry = ParentWatchdogAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             InputStream classBytes = ParentWatchdogAgent.class.getClassLoader().getResourceAsStream(entry)) {
            if (classBytes == null) {
                throw new IOException(entry + " is not on the launcher's class path");
            }
            jarOut.putNextEntry(new JarEntry(entry));
            classBytes.transferTo(jarOut);
            jarOut.closeEntry();
        }
        jar = file;
        return jar;
    }
}
