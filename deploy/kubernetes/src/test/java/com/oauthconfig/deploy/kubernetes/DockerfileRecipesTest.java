package com.oauthconfig.deploy.kubernetes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM image recipes (images/&lt;service&gt;/Dockerfile) use the fast-jar layout, a pinned base, uid 185
 * and no secrets, and make the class-data archive they run with (mapped for real in {@link ImageClassDataArchiveIT}).
 */
class DockerfileRecipesTest {

    private static final String ARCHIVE = "/deployments/app-cds.jsa";

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service", "console"})
    void recipeCopiesTheFastJarOntoAPinnedJre17BaseAndRunsAsUid185WithoutSecrets(String svc) throws IOException {
        List<String> lines = DockerfileRecipe.instructions(svc);
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(1, from.size(), "one stage: the image gets the built jar, no build tools");
        String base = from.get(0).substring(5).strip();
        assertTrue(base.matches(".*(openjdk-17|temurin:17|jre17|17-jre).*"), "a Java 17 runtime: " + base);
        assertTrue(base.matches(".+:[0-9][\\w.-]*") || base.matches(".+@sha256:[0-9a-f]{64}"), "pinned base: " + base);
        for (String part : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY ") && l.contains("target/quarkus-app/" + part)), "copies quarkus-app/" + part);
        }
        assertTrue(lines.contains("USER 185"), "runs as uid 185");
        assertEquals("185", lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow().substring(5).strip(),
                "the last USER is the unprivileged one");
        assertTrue(lines.contains("EXPOSE " + Platform.port(svc)), "exposes the service port");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT ") && l.contains("run-java.sh")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("/deployments/quarkus-run.jar")));
        for (String l : lines) {
            if (l.startsWith("ENV ") || l.startsWith("ARG ")) {
                String name = l.substring(4).strip().split("[= ]")[0];
                assertFalse(name.matches(Platform.SECRET_NAME), "no secret in the image: " + l);
            }
            assertFalse(l.matches("(?i).*(password|secret|token)=.*"), "no secret in the image: " + l);
        }
    }
    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service", "console"})
    void theImageMakesItsClassDataArchiveAsRootFromTheCopiedJarsChecksItAndRunsWithIt(String svc) throws IOException {
        List<String> lines = DockerfileRecipe.instructions(svc);
        int run = indexOf(lines, l -> l.startsWith("RUN ") && l.contains("-XX:ArchiveClassesAtExit=" + ARCHIVE));
        assertTrue(run >= 0, svc + ": no RUN makes " + ARCHIVE);
        String recipe = lines.get(run);
        assertTrue(recipe.contains("-Dquarkus.appcds.generate=true -jar /deployments/quarkus-run.jar"),
                "made from the image's own application: " + recipe);
        assertTrue(recipe.endsWith("java -Xmx256m -Xshare:on -XX:SharedArchiveFile=" + ARCHIVE + " -cp /deployments/quarkus-run.jar -version"),
                "the build fails unless the image's JVM maps the archive it made: " + recipe);
        assertTrue(run > lastIndexOf(lines, l -> l.startsWith("COPY ")), svc + ": made after every COPY, from the jars the image holds");
        assertEquals("USER root", lines.get(lastIndexOf(lines.subList(0, run), l -> l.startsWith("USER "))),
                svc + ": made as root (read-only for the runtime user)");
        assertTrue(indexOf(lines.subList(run, lines.size()), "USER 185"::equals) > 0, svc + ": runs as uid 185 after it");
        List<String> append = DockerfileRecipe.javaOptsAppend(svc);
        assertTrue(append.contains("-XX:SharedArchiveFile=" + ARCHIVE), svc + ": JAVA_OPTS_APPEND uses the archive: " + append);
        assertTrue(append.contains("-Xshare:auto"), svc + ": an archive that cannot be mapped never stops the start: " + append);
        // Asked for an archive, a Quarkus application packaged with AppCDS stops once started; without it, it
        // would start serving and hold the image build whenever its runtime settings were all given.
        assertTrue(Files.readAllLines(Kustomize.MODULE.resolve("../../" + svc + "/src/main/resources/application.properties")).stream()
                .map(String::strip).anyMatch("quarkus.package.jar.appcds.enabled=true"::equals), svc + " is packaged with AppCDS");
    }

    private static int indexOf(List<String> lines, Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<String> lines, Predicate<String> p) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
