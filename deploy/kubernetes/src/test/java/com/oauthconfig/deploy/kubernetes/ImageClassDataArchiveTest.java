package com.oauthconfig.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each image makes a class-data archive of its application's start-up with its own JVM, from the
 * jars it copied, and runs with it. The recipe's command is run here as written (with
 * {@code /deployments} pointing at a copy of the packaged application), and the JVM must then map
 * the archive with the pod's settings: with {@code -Xshare:on} a JVM that cannot use it does not
 * start at all.
 */
class ImageClassDataArchiveTest {

    private static final String ARCHIVE = "/deployments/app-cds.jsa";
    private static final Path ROOT = Kustomize.MODULE.resolve("../..").normalize();

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service", "console"})
    void theImageMakesItsArchiveAsRootFromTheCopiedJarsAndRunsWithIt(String svc) throws IOException {
        List<String> lines = instructions(svc);
        int run = indexOf(lines, l -> l.startsWith("RUN ") && l.contains("-XX:ArchiveClassesAtExit=" + ARCHIVE));
        assertTrue(run >= 0, svc + ": no RUN makes " + ARCHIVE);
        assertTrue(lines.get(run).contains("-jar /deployments/quarkus-run.jar"), "made from the image's own application: " + lines.get(run));
        assertTrue(lines.get(run).contains("test -s " + ARCHIVE), "the build fails when no archive was written: " + lines.get(run));
        int lastCopy = lastIndexOf(lines, l -> l.startsWith("COPY "));
        assertTrue(run > lastCopy, svc + ": the archive is made after every COPY, from the jars the image holds");
        assertEquals("USER root", lastBefore(lines, run, l -> l.startsWith("USER ")), svc + ": made as root (read-only for the runtime user)");
        assertTrue(indexOf(lines.subList(run, lines.size()), l -> l.equals("USER 185")) > 0, svc + ": runs as uid 185 after it");
        List<String> append = javaOptsAppend(lines);
        assertTrue(append.contains("-XX:SharedArchiveFile=" + ARCHIVE), svc + ": JAVA_OPTS_APPEND uses the archive: " + append);
        assertTrue(append.contains("-Xshare:auto"), svc + ": an archive that cannot be mapped never stops the start: " + append);
    }

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service", "console"})
    void theRecipesArchiveMapsWithThePodsJvmSettings(String svc, @TempDir Path tmp) throws Exception {
        Path app = ROOT.resolve(svc).resolve("target/quarkus-app");
        assertTrue(Files.isRegularFile(app.resolve("quarkus-run.jar")),
                svc + " is not packaged (" + app + "); the root build packages it before this module's tests");
        Path deployments = tmp.resolve("deployments");
        copyAsTheImageDoes(app, deployments);
        List<String> lines = instructions(svc);
        String recipe = lines.stream().filter(l -> l.startsWith("RUN ") && l.contains("-XX:ArchiveClassesAtExit=")).findFirst()
                .orElseThrow().substring(4).replace("/deployments", deployments.toString());

        // The recipe calls "java" as the image's shell finds it: here, the JDK running this test, which the second JVM is too.
        Result made = run(tmp, List.of("sh", "-c", "PATH=\"" + javaBin() + ":$PATH\"; " + recipe));
        assertEquals(0, made.exit(), svc + ": the recipe's command failed:\n" + made.output());
        assertTrue(Files.size(deployments.resolve("app-cds.jsa")) > 1_000_000, svc + ": archive written");

        List<String> java = new ArrayList<>(List.of(javaBin().resolve("java").toString(), "-Xshare:on",
                "-Xlog:cds=info", "-Xmx" + podHeapMiB(svc) + "m"));
        java.addAll(gcContainerOptions(svc));
        java.addAll(javaOptsAppend(lines).stream().filter(f -> f.startsWith("-XX:SharedArchiveFile=") || f.startsWith("-Xshare"))
                .filter(f -> !f.equals("-Xshare:auto")).map(f -> f.replace("/deployments", deployments.toString())).toList());
        java.addAll(List.of("-Dquarkus.appcds.generate=true", "-jar", deployments.resolve("quarkus-run.jar").toString()));
        Result started = run(tmp, java);
        assertTrue(started.output().contains("Mapped dynamic region"), svc + ": the JVM did not map the image's archive:\n" + started.output());
        assertFalse(started.output().contains("error has occurred while processing the shared archive"), started.output());
    }

    /** lib/, the jars, app/ and quarkus/ as the COPY lines take them; never the build machine's archive. */
    private static void copyAsTheImageDoes(Path app, Path deployments) throws IOException {
        try (Stream<Path> files = Files.walk(app)) {
            for (Path p : files.toList()) {
                Path rel = app.relativize(p);
                String first = rel.getNameCount() == 0 ? "" : rel.getName(0).toString();
                boolean taken = List.of("lib", "app", "quarkus").contains(first) || (rel.getNameCount() == 1 && first.endsWith(".jar"));
                if (!taken) {
                    continue;
                }
                Path to = deployments.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to);
                }
            }
        }
    }

    /** The heap run-java.sh gives the prod overlay's pod: its memory limit times JAVA_MAX_MEM_RATIO. */
    private static long podHeapMiB(String svc) {
        Rendered prod = Rendered.of("prod");
        Container c = prod.named(Deployment.class, svc).getSpec().getTemplate().getSpec().getContainers().get(0);
        long limit = Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")).longValue() / (1024 * 1024);
        String ratio = prod.named(ConfigMap.class, svc + "-settings").getData().get("JAVA_MAX_MEM_RATIO");
        return limit * Long.parseLong(ratio) / 100;
    }

    /** The prod overlay's GC_CONTAINER_OPTIONS for the service; none for a Deployment that sets none. */
    private static List<String> gcContainerOptions(String svc) {
        Container c = Rendered.of("prod").named(Deployment.class, svc).getSpec().getTemplate().getSpec().getContainers().get(0);
        return c.getEnv().stream().filter(e -> e.getName().equals("GC_CONTAINER_OPTIONS")).map(EnvVar::getValue).findFirst()
                .map(v -> Arrays.stream(v.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    private static List<String> javaOptsAppend(List<String> lines) {
        String line = lines.stream().filter(l -> l.startsWith("ENV JAVA_OPTS_APPEND=")).findFirst().orElseThrow();
        return List.of(line.replaceFirst("^ENV JAVA_OPTS_APPEND=\"?", "").replaceFirst("\"$", "").split("\\s+"));
    }

    /** The recipe's instructions, comments dropped and continued lines joined. */
    private static List<String> instructions(String svc) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(Kustomize.MODULE.resolve("images/" + svc + "/Dockerfile"))) {
            String l = raw.strip();
            if (l.startsWith("#") || (l.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continued = l.endsWith("\\");
            current.append(continued ? l.substring(0, l.length() - 1).strip() + " " : l);
            if (!continued) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String lastBefore(List<String> lines, int index, java.util.function.Predicate<String> p) {
        int i = lastIndexOf(lines.subList(0, index), p);
        return i < 0 ? null : lines.get(i);
    }

    private static Path javaBin() {
        return Path.of(System.getProperty("java.home"), "bin");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = dir.resolve("out-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not end within 2 minutes: " + command);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
