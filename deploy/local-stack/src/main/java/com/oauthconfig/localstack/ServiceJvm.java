package com.oauthconfig.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM settings every service runs with on this machine, and the benchmark's peers and floors
 * with them. Production sets the same in deploy/kubernetes (the Deployments' container env).
 */
public final class ServiceJvm {

    /**
     * The heap may grow to 256 MiB but starts small and gives memory back (the serial collector
     * shrinks the heap after a collection by these free ratios), so an idle service does not hold
     * a heap sized for its peak. Metaspace is capped so a class-loading leak fails fast instead of
     * growing the process unbounded. Every 5 s the JVM hands the C heap's free pages back to the
     * system ({@code malloc_trim}): start-up (class loading, the JIT compiling thousands of
     * methods) frees tens of MiB of native memory that glibc would otherwise keep in the process
     * for good (JDK 17.0.9 or newer).
     * <p>
     * Mutiny's callback decorators are off ({@value #NO_MUTINY_DECORATORS}): with them, SmallRye
     * Context Propagation captures and restores every context (CDI request, transaction) around
     * each step of every reactive pipeline, which was more than half of the token-service's
     * stacks on the resolve path. The services need none of it: Quarkus keeps the request context
     * and Hibernate Reactive's session on the Vert.x duplicated context, and the few places that
     * leave the event loop return to the caller's context explicitly. Tests run with it too
     * (the root pom's {@code test.jvm.args}), and the images set it in {@code JAVA_OPTS_APPEND}.
     */
    public static final String NO_MUTINY_DECORATORS = "-Dmutiny.disableCallBackDecorators=true";

    public static final List<String> FLAGS = List.of("-Xmx256m", "-Xms32m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:MaxMetaspaceSize=192m",
            "-XX:TrimNativeHeapInterval=5000", NO_MUTINY_DECORATORS);

    /** The first JDK 17 update that knows {@code -XX:TrimNativeHeapInterval}. */
    private static final Runtime.Version TRIM_SINCE = Runtime.Version.parse("17.0.9");

    /**
     * {@link #FLAGS} as this machine's Java (which the children run on) accepts them: an older JDK 17
     * would refuse to start at all on the heap-trim flag, so it runs without it. The images'
     * JDK is newer; this only keeps a fresh machine with any JDK 17 able to run the stack.
     */
    public static List<String> forThisJava() {
        if (Runtime.version().compareToIgnoreOptional(TRIM_SINCE) >= 0) {
            return FLAGS;
        }
        return FLAGS.stream().filter(f -> !f.startsWith("-XX:TrimNativeHeapInterval")).toList();
    }

    /** Class-data archive Quarkus writes beside quarkus-run.jar when built with AppCDS. */
    public static final String APPCDS_ARCHIVE = "app-cds.jsa";

    private ServiceJvm() {
    }

    /**
     * {@link #FLAGS}, plus the application's class-data archive when its build made one (the JVM
     * then maps the classes its start-up loads instead of parsing and verifying them again).
     */
    public static List<String> forApp(Path quarkusApp) {
        List<String> flags = new ArrayList<>(forThisJava());
        Path archive = quarkusApp.resolve(APPCDS_ARCHIVE);
        if (Files.isRegularFile(archive)) {
            flags.add("-XX:SharedArchiveFile=" + archive);
            // A stale or foreign archive is ignored with a warning rather than failing the start.
            flags.add("-Xshare:auto");
        }
        return flags;
    }
}
