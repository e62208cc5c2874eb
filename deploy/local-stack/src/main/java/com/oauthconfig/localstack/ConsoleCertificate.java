package com.oauthconfig.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local console's HTTPS certificate: self-signed for {@code localhost}, made once with the
 * JDK's keytool and kept in the data folder. The console needs HTTPS locally because the
 * config-service accepts only https (or app-scheme) redirect URLs, and members' sign-ins return
 * to the console's callback.
 */
final class ConsoleCertificate {

    /** Development only: protects a throw-away key for localhost, kept next to the data it serves. */
    static final String PASSWORD = "local-stack-only";

    private ConsoleCertificate() {
    }

    static Path ensure(Path keystore) throws IOException {
        if (Files.isRegularFile(keystore)) {
            return keystore;
        }
        Files.createDirectories(keystore.getParent());
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "console", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "825", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make the console's certificate: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the console's certificate");
        }
        return keystore;
    }
}
