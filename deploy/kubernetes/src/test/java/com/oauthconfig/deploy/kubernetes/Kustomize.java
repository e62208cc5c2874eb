package com.oauthconfig.deploy.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize}, installing kubectl through scripts/ensure-kubectl.sh when missing. */
final class Kustomize {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final List<String> OVERLAYS = List.of("dev", "prod");

    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();
    private static volatile String kubectl;

    private Kustomize() {
    }

    /** The YAML stream of one overlay, rendered once per test JVM. */
    static String render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> run(List.of(kubectl(), "kustomize", MODULE.resolve("overlays").resolve(o).toString())));
    }

    static synchronized String kubectl() {
        if (kubectl == null) {
            String tools = System.getProperty("kubectl.tools.dir", MODULE.resolve("target/tools").toString());
            kubectl = run(List.of("bash", MODULE.resolve("scripts/ensure-kubectl.sh").toString(), tools)).strip();
        }
        return kubectl;
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + command);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
