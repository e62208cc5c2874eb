package com.oauthconfig.common.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A throwaway CA and a server certificate for {@code localhost} it signed, written as the PEM files
 * cert-manager mounts in Kubernetes ({@code tls.crt}, {@code tls.key}, {@code ca.crt}).
 */
final class TestCertificates {

    final Path dir;
    final X509Certificate ca;

    private TestCertificates(Path dir, X509Certificate ca) {
        this.dir = dir;
        this.ca = ca;
    }

    static TestCertificates write(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name caName = new X500Name("CN=platform test CA");
            X509CertificateHolder caCert = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(1))), caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
            X509CertificateHolder serverCert = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=localhost"), serverKeys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
            Files.writeString(dir.resolve("ca.crt"), pem(caCert));
            Files.writeString(dir.resolve("tls.crt"), pem(serverCert));
            // PKCS#8 ("PRIVATE KEY"), as the manifests' Certificates ask cert-manager for: Vert.x cannot
            // read the SEC1 "EC PRIVATE KEY" that cert-manager writes by default for ECDSA keys.
            Files.writeString(dir.resolve("tls.key"), pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null).generate()));
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(caCert.getEncoded()));
            return new TestCertificates(dir, ca);
        } catch (Exception e) {
            throw new IllegalStateException("could not issue the test certificates", e);
        }
    }

    private static String pem(Object o) throws java.io.IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        }
        return out.toString();
    }
}
