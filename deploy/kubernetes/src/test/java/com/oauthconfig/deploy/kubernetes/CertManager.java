package com.oauthconfig.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;
import java.util.Map;

/**
 * Strict models of the cert-manager {@code cert-manager.io/v1} Certificate and Issuer fields these
 * manifests use, mirroring cert-manager's API reference for exactly those fields (no Java model of
 * cert-manager is in the build): a typo or a field cert-manager does not know fails the parse.
 */
final class CertManager {

    private CertManager() {
    }

    record Certificate(String apiVersion, String kind, ObjectMeta metadata, CertificateSpec spec) {
    }

    record CertificateSpec(String secretName, String commonName, List<String> dnsNames, Boolean isCA, String duration,
                           String renewBefore, PrivateKey privateKey, List<String> usages, IssuerRef issuerRef) {
    }

    record PrivateKey(String algorithm, Integer size, String rotationPolicy, String encoding) {
    }

    record IssuerRef(String name, String kind, String group) {
    }

    record Issuer(String apiVersion, String kind, ObjectMeta metadata, IssuerSpec spec) {
    }

    /** Exactly one of selfSigned (an empty object) or ca. */
    record IssuerSpec(Map<String, Object> selfSigned, Ca ca) {
    }

    record Ca(String secretName) {
    }
}
