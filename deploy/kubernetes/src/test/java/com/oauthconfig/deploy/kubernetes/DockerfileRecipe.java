package com.oauthconfig.deploy.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** An image recipe (images/&lt;service&gt;/Dockerfile) read as its instructions. */
final class DockerfileRecipe {

    private DockerfileRecipe() {
    }

    /** The recipe's instructions in order: comments and blank lines dropped, continued lines joined. */
    static List<String> instructions(String svc) {
        List<String> raw;
        try {
            raw = Files.readAllLines(Kustomize.MODULE.resolve("images/" + svc + "/Dockerfile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : raw) {
            String l = line.strip();
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

    /** The JVM options the image appends to run-java.sh's ({@code ENV JAVA_OPTS_APPEND}). */
    static List<String> javaOptsAppend(String svc) {
        String line = instructions(svc).stream().filter(l -> l.startsWith("ENV JAVA_OPTS_APPEND=")).findFirst()
                .orElseThrow(() -> new AssertionError(svc + "'s image sets no JAVA_OPTS_APPEND"));
        return List.of(line.replaceFirst("^ENV JAVA_OPTS_APPEND=\"?", "").replaceFirst("\"$", "").split("\\s+"));
    }
}
