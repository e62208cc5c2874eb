package com.oauthconfig.deploy.kubernetes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JVM image recipes (images/&lt;service&gt;/Dockerfile) use the fast-jar layout, a pinned base, uid 185 and no secrets. */
class DockerfileRecipesTest {

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service", "console"})
    void recipeCopiesTheFastJarOntoAPinnedJre17BaseAndRunsAsUid185WithoutSecrets(String svc) throws IOException {
        List<String> lines = Files.readAllLines(Kustomize.MODULE.resolve("images/" + svc + "/Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
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
}
