package com.oauthconfig.common.tls;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots the application with the production "tls" profile as shipped in common's defaults (only the
 * mounted-secret paths point at certificates this test issued): the API answers over HTTPS with the
 * mounted certificate, a client that does not trust the platform CA cannot connect, no plain-HTTP
 * API port is opened, and the management interface (probes, Prometheus) stays plain HTTP.
 */
@QuarkusTest
@TestProfile(TlsProfileTest.Tls.class)
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class TlsProfileTest {

    static final Path CERTS = Path.of("target", "tls-profile-test");

    public static class Tls implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,tls";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            TestCertificates certs = TestCertificates.write(CERTS);
            return Map.of(
                    "quarkus.tls.service.key-store.pem.service.cert", certs.dir.resolve("tls.crt").toAbsolutePath().toString(),
                    "quarkus.tls.service.key-store.pem.service.key", certs.dir.resolve("tls.key").toAbsolutePath().toString(),
                    "quarkus.tls.peers.trust-store.pem.certs", certs.dir.resolve("ca.crt").toAbsolutePath().toString(),
                    "quarkus.http.test-ssl-port", "0");
        }
    }

    private static int port(String name) {
        return ConfigProvider.getConfig().getValue(name, Integer.class);
    }

    private static HttpClient trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(caPem)) {
            trust.setCertificateEntry("platform-ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void theApiIsServedOverHttpsOnlyWithTheMountedCertificateAndManagementStaysPlain() throws Exception {
        int https = port("quarkus.http.test-ssl-port");
        String token = Rig.oidc().platformToken("tess", "org-tls", "ADMIN");
        HttpRequest whoami = HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/test/whoami"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> answer = trusting(CERTS.resolve("ca.crt")).send(whoami, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("org-tls"), answer.body());

        // A client trusting only the JDK's public CAs cannot talk to it: the certificate is the mounted one.
        HttpClient publicTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(SSLHandshakeException.class, () -> publicTrust.send(whoami, HttpResponse.BodyHandlers.ofString()));

        // insecure-requests=disabled: the plain-HTTP API port is not opened at all.
        int plain = port("quarkus.http.test-port");
        HttpRequest plainWhoami = HttpRequest.newBuilder(URI.create("http://localhost:" + plain + "/test/whoami"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
        assertThrows(java.io.IOException.class, () -> publicTrust.send(plainWhoami, HttpResponse.BodyHandlers.ofString()));

        int management = port("quarkus.management.test-port");
        HttpResponse<String> live = publicTrust.send(HttpRequest.newBuilder(URI.create("http://localhost:" + management + "/q/health/live"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode(), live.body());
    }
}
