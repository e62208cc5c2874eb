package com.oauthconfig.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationTls;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hop that carries a secret is encrypted and authenticated: PostgreSQL with verify-full
 * against the CloudNativePG CA, Kafka over the TLS listener with a Strimzi client certificate,
 * service to service over HTTPS with cert-manager certificates and the platform CA trusted.
 * Both overlays share the base, so both are checked; prod is the one the promise is about.
 */
class TransportSecurityTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDatabaseUrlVerifiesTheServerCertificateAndHostAgainstTheMountedClusterCa(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (String svc : Platform.SERVICES.keySet()) {
            Map<String, String> env = environment(r, svc);
            PodSpec pod = pod(r, svc);
            for (String var : List.of("DB_REACTIVE_URL", "DB_JDBC_URL")) {
                Map<String, String> q = query(env.get(var));
                assertEquals("verify-full", q.get("sslmode"), overlay + "/" + svc + " " + var + ": " + env.get(var));
            }
            String rootCert = query(env.get("DB_JDBC_URL")).get("sslrootcert");
            assertMountedFrom(pod, svc, rootCert, svc + "-db-ca", "ca.crt");
            assertEquals("true", env.get("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM"));
            assertEquals(rootCert, env.get("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS"));
            assertEquals("HTTPS", env.get("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM"), "verify-full checks the host name");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyKafkaClientUsesTheTlsListenerWithItsStrimziClientCertificate(String overlay) {
        Rendered r = Rendered.of(overlay);
        List<GenericKafkaListener> listeners = r.named(Kafka.class, Platform.KAFKA).getSpec().getKafka().getListeners();
        for (GenericKafkaListener l : listeners) {
            assertTrue(l.isTls(), "listener " + l.getName() + " is TLS");
            assertTrue(l.getAuth() instanceof KafkaListenerAuthenticationTls, "listener " + l.getName() + " authenticates by certificate");
        }
        for (String svc : Platform.SERVICES.keySet()) {
            Map<String, String> env = environment(r, svc);
            PodSpec pod = pod(r, svc);
            String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
            int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
            assertEquals(Platform.KAFKA + "-kafka-bootstrap", bootstrap.substring(0, bootstrap.lastIndexOf(':')));
            assertTrue(listeners.stream().anyMatch(l -> l.getPort() == port && l.isTls()), svc + ": " + bootstrap + " is a TLS listener");
            assertEquals("SSL", env.get("KAFKA_SECURITY_PROTOCOL"), svc + ": TLS with a client certificate, no SASL");
            assertFalse(env.keySet().stream().anyMatch(k -> k.startsWith("KAFKA_SASL")), svc + ": no SASL settings left");
            assertTrue(r.named(KafkaUser.class, svc).getSpec().getAuthentication() instanceof KafkaUserTlsClientAuthentication);
            assertEquals("PKCS12", env.get("KAFKA_SSL_KEYSTORE_TYPE"));
            assertMountedFrom(pod, svc, env.get("KAFKA_SSL_KEYSTORE_LOCATION"), svc, "user.p12");
            var password = pod.getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("KAFKA_SSL_KEYSTORE_PASSWORD"))
                    .findFirst().orElseThrow().getValueFrom().getSecretKeyRef();
            assertEquals(svc, password.getName());
            assertEquals("user.password", password.getKey());
            assertEquals("PEM", env.get("KAFKA_SSL_TRUSTSTORE_TYPE"));
            assertMountedFrom(pod, svc, env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"), Platform.KAFKA + "-cluster-ca-cert", "ca.crt");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesServeHttpsWithTheirOwnCertificateAndCallEachOtherOnlyOverHttps(String overlay) throws IOException {
        Rendered r = Rendered.of(overlay);
        Properties common = properties(Kustomize.MODULE.resolve("../../common/src/main/resources/META-INF/microprofile-config.properties"));
        assertEquals("service", common.getProperty("%tls.quarkus.http.tls-configuration-name"));
        assertEquals("disabled", common.getProperty("%tls.quarkus.http.insecure-requests"), "no plain-HTTP API beside the HTTPS one");
        for (String svc : Platform.SERVICES.keySet()) {
            Map<String, String> env = environment(r, svc);
            PodSpec pod = pod(r, svc);
            assertTrue(List.of(env.get("QUARKUS_PROFILE").split(",")).contains("tls"), svc + " runs with profile tls");
            assertMountedFrom(pod, svc, common.getProperty("%tls.quarkus.tls.service.key-store.pem.service.cert"), svc + "-tls", "tls.crt");
            assertMountedFrom(pod, svc, common.getProperty("%tls.quarkus.tls.service.key-store.pem.service.key"), svc + "-tls", "tls.key");
            assertMountedFrom(pod, svc, common.getProperty("%tls.quarkus.tls.peers.trust-store.pem.certs"), svc + "-tls", "ca.crt");
            CertManager.Certificate cert = r.certificate(svc + "-tls");
            assertTrue(cert.spec().dnsNames().contains(svc), svc + ": the certificate names the Service peers call");
            assertEquals("oauth-platform-ca", cert.spec().issuerRef().name());
            // Vert.x reads PKCS#8 keys only; cert-manager's default for ECDSA is SEC1 ("EC PRIVATE KEY"),
            // with which the tls profile fails to start (common's TlsProfileTest boots it with PKCS#8).
            assertEquals("PKCS8", cert.spec().privateKey().encoding(), svc + ": the key is written as PKCS#8");
            assertNotNull(r.issuer("oauth-platform-ca").spec().ca(), "signed by the platform CA");
            Service service = r.named(Service.class, svc);
            assertEquals("https", service.getSpec().getPorts().get(0).getAppProtocol());

            // Every peer URL is https to a Service of the platform on its port, and its REST client trusts the platform CA.
            Properties props = ServiceSettingsAlignmentTest.properties(svc);
            for (String key : props.stringPropertyNames()) {
                if (!key.startsWith("quarkus.rest-client.") || !key.endsWith(".url")) {
                    continue;
                }
                String client = key.substring("quarkus.rest-client.".length(), key.length() - ".url".length());
                String var = props.getProperty(key).replaceAll("^\\$\\{([A-Z_]+).*$", "$1");
                URI peer = URI.create(env.get(var));
                assertEquals("https", peer.getScheme(), overlay + "/" + svc + " " + var + "=" + peer);
                assertEquals(Platform.SERVICES.get(peer.getHost()), peer.getPort(), svc + ": " + peer + " is a platform service's port");
                assertEquals("peers", props.getProperty("%tls.quarkus.rest-client." + client + ".tls-configuration-name"),
                        svc + ": the " + client + " client trusts the platform CA");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theConsoleServesHttpsWithItsOwnCertificateAndCallsTheServicesOnlyOverHttps(String overlay) throws IOException {
        Rendered r = Rendered.of(overlay);
        String svc = Platform.CONSOLE;
        Properties props = ServiceSettingsAlignmentTest.properties(svc);
        assertEquals("disabled", props.getProperty("%tls.quarkus.http.insecure-requests"), "no plain-HTTP console beside the HTTPS one");
        assertEquals("true", props.getProperty("%tls.quarkus.oidc.authentication.cookie-force-secure"), "Secure session cookie");
        Map<String, String> env = environment(r, svc);
        PodSpec pod = pod(r, svc);
        assertTrue(List.of(env.get("QUARKUS_PROFILE").split(",")).contains("tls"), "the console runs with profile tls");
        assertMountedFrom(pod, svc, props.getProperty("%tls.quarkus.tls.service.key-store.pem.service.cert"), svc + "-tls", "tls.crt");
        assertMountedFrom(pod, svc, props.getProperty("%tls.quarkus.tls.service.key-store.pem.service.key"), svc + "-tls", "tls.key");
        assertMountedFrom(pod, svc, props.getProperty("%tls.quarkus.tls.peers.trust-store.pem.certs"), svc + "-tls", "ca.crt");
        assertTrue(r.certificate(svc + "-tls").spec().dnsNames().contains(svc));
        assertEquals("https", r.named(Service.class, svc).getSpec().getPorts().get(0).getAppProtocol());
        for (String var : List.of("CONFIG_SERVICE_URL", "TOKENSERVICE_URL", "CREDENTIAL_ALIAS_SERVICE_URL")) {
            URI peer = URI.create(env.get(var));
            assertEquals("https", peer.getScheme(), overlay + " console " + var + "=" + peer);
            assertEquals(Platform.SERVICES.get(peer.getHost()), peer.getPort(), peer + " is a platform service's port");
        }
    }

    private static void assertMountedFrom(PodSpec pod, String svc, String file, String secret, String key) {
        assertNotNull(file, svc + ": path of " + secret + "/" + key);
        Container c = pod.getContainers().get(0);
        Path path = Path.of(file);
        Optional<VolumeMount> mount = c.getVolumeMounts().stream()
                .filter(m -> path.getParent().equals(Path.of(m.getMountPath()))).findFirst();
        assertTrue(mount.isPresent(), svc + ": nothing mounted at " + path.getParent());
        Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(mount.get().getName())).findFirst().orElseThrow();
        assertNotNull(v.getSecret(), svc + ": " + file + " comes from a secret");
        assertEquals(secret, v.getSecret().getSecretName(), svc + ": " + file);
        assertTrue(v.getSecret().getItems().stream().anyMatch(i -> i.getKey().equals(key) && i.getPath().equals(path.getFileName().toString())),
                svc + ": " + file + " is key " + key + " of " + secret);
    }

    private static PodSpec pod(Rendered r, String svc) {
        return r.named(Deployment.class, svc).getSpec().getTemplate().getSpec();
    }

    /** The container's environment from its ConfigMaps and literal values (secret references excluded). */
    private static Map<String, String> environment(Rendered r, String svc) {
        Container c = pod(r, svc).getContainers().get(0);
        Map<String, String> env = new HashMap<>();
        c.getEnvFrom().stream().filter(f -> f.getConfigMapRef() != null)
                .forEach(f -> env.putAll(r.named(ConfigMap.class, f.getConfigMapRef().getName()).getData()));
        c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new HashMap<>();
        int i = url.indexOf('?');
        if (i >= 0) {
            for (String pair : url.substring(i + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return q;
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file.normalize())) {
            p.load(in);
        }
        return p;
    }
}
