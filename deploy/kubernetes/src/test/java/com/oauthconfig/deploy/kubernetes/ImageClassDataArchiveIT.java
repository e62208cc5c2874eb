package com.oauthconfig.deploy.kubernetes;

import com.oauthconfig.localstack.ServiceJvm;
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
 * Each image's recipe makes a class-data archive with the image's JVM while the image is built
 * (checked line by line in {@link DockerfileRecipesTest}). Here that command runs as written, with
 * {@code /deployments} pointing at a copy of the packaged application, and a JVM must then map the
 * result with the pod's settings: with {@code -Xshare:on} a JVM that cannot use the archive does not
 * start at all. An integration test: it needs the applications packaged, which the root build does
 * before this module's integration tests.
 */
class ImageClassDataArchiveIT {

    private static final Path ROOT = Kustomize.MODULE.resolve("../..").normalize();

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service", "console"})
    void theRecipesArchiveMapsWithThePodsJvmSettings(String svc, @TempDir Path tmp) throws Exception {
        Path app = ROOT.resolve(svc).resolve("target/quarkus-app");
        assertTrue(Files.isRegularFile(app.resolve("quarkus-run.jar")),
                svc + " is not packaged (" + app + "); the root build packages it before this module's tests");
        Path deployments = tmp.resolve("deployments");
        copyAsTheImageDoes(app, deployments);
        String recipe = DockerfileRecipe.instructions(svc).stream().filter(l -> l.startsWith("RUN ") && l.contains("-XX:ArchiveClassesAtExit=")).findFirst()
                .orElseThrow().substring(4).replace("/deployments", deployments.toString());

        // The recipe calls "java" as the image's shell finds it: here, the JDK running this test, which the second JVM is too.
        Result made = run(tmp, List.of("sh", "-c", "PATH=\"" + javaBin() + ":$PATH\"; " + recipe));
        // The recipe's own last command maps the archive with -Xshare:on: its status is the recipe's.
        assertEquals(0, made.exit(), svc + ": the recipe's command failed:\n" + made.output());
        assertTrue(Files.size(deployments.resolve("app-cds.jsa")) > 1_000_000, svc + ": archive written");

        List<String> java = new ArrayList<>(List.of(javaBin().resolve("java").toString(), "-Xshare:on",
                "-Xlog:cds=info", "-Xmx" + podHeapMiB(svc) + "m"));
        // A flag this JDK does not know would stop the JVM for another reason than the archive (as the local stack drops it).
        java.addAll(gcContainerOptions(svc).stream().filter(f -> !ServiceJvm.FLAGS.contains(f) || ServiceJvm.forThisJava().contains(f)).toList());
        java.addAll(DockerfileRecipe.javaOptsAppend(svc).stream().filter(f -> f.startsWith("-XX:SharedArchiveFile=") || f.startsWith("-Xshare"))
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

    /** The service's container in the prod overlay's Deployment. */
    private static Container prodContainer(String svc) {
        return Rendered.of("prod").named(Deployment.class, svc).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The heap run-java.sh gives the prod overlay's pod: its memory limit times JAVA_MAX_MEM_RATIO. */
    private static long podHeapMiB(String svc) {
        long limit = Quantity.getAmountInBytes(prodContainer(svc).getResources().getLimits().get("memory")).longValue() / (1024 * 1024);
        String ratio = Rendered.of("prod").named(ConfigMap.class, svc + "-settings").getData().get("JAVA_MAX_MEM_RATIO");
        return limit * Long.parseLong(ratio) / 100;
    }

    /** The prod overlay's GC_CONTAINER_OPTIONS for the service; none for a Deployment that sets none. */
    private static List<String> gcContainerOptions(String svc) {
        return prodContainer(svc).getEnv().stream().filter(e -> e.getName().equals("GC_CONTAINER_OPTIONS")).map(EnvVar::getValue).findFirst()
                .map(v -> Arrays.stream(v.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
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
