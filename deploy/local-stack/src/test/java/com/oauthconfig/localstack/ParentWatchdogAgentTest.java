package com.oauthconfig.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM started with the agent exits once the process it watches is gone, and not before. */
class ParentWatchdogAgentTest {

    @Test
    void aWatchedJvmExitsWhenItsLauncherDiesAndNotBefore(@TempDir Path dir) throws Exception {
        Path sleeper = dir.resolve("Sleeper.java");
        Files.writeString(sleeper, "public class Sleeper { public static void main(String[] a) throws Exception { Thread.sleep(120_000); } }");
        Process launcher = new ProcessBuilder(List.of(java(), sleeper.toString())).start();
        Process service = new ProcessBuilder(List.of(java(), "-javaagent:" + ParentWatchdogAgent.jar() + "=" + launcher.pid(),
                sleeper.toString())).redirectErrorStream(true).start();
        try {
            // Watched every 2 s: through three rounds with the launcher alive the service keeps running.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(service::isAlive);

            launcher.destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> !service.isAlive());
            String output = new String(service.getInputStream().readAllBytes());
            assertTrue(output.contains("is gone; shutting down"), output);
        } finally {
            launcher.destroyForcibly();
            service.destroyForcibly();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
