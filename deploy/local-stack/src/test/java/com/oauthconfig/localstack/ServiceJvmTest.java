package com.oauthconfig.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The services' JVM flags as this machine's Java runs them: a flag it does not know would stop every start. */
class ServiceJvmTest {

    @Test
    void thisJavaStartsWithEveryFlagItIsGiven() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ServiceJvm.forThisJava());
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "java -version did not finish");
        assertEquals(0, java.exitValue(), command + "\n" + output);
    }

    @Test
    void onAJavaThatKnowsItTheHeapTrimIsKept() {
        boolean knowsTrim = Runtime.version().compareToIgnoreOptional(Runtime.Version.parse("17.0.9")) >= 0;
        assertEquals(knowsTrim, ServiceJvm.forThisJava().stream().anyMatch(f -> f.startsWith("-XX:TrimNativeHeapInterval=")));
    }
}
