package com.oauthconfig.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.Map;

/**
 * Strict model of the CloudNativePG {@code postgresql.cnpg.io/v1 Cluster} fields these manifests use.
 * CloudNativePG publishes no Java model on Maven Central, so this mirrors its API reference for
 * exactly these fields: any other field (a typo, a removed field) fails the parse instead of being
 * ignored by the operator at apply time. It is not the full CRD schema.
 */
record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    record Spec(Integer instances, String imageName, String primaryUpdateStrategy, String primaryUpdateMethod,
                Boolean enableSuperuserAccess, Bootstrap bootstrap, Postgresql postgresql, Storage storage,
                Storage walStorage, Affinity affinity, ResourceRequirements resources, Monitoring monitoring,
                Backup backup) {
    }

    /** The exporter's extra queries: each entry a ConfigMap name and key. */
    record Monitoring(java.util.List<KeyRef> customQueriesConfigMap, Boolean disableDefaultQueries) {
    }

    record KeyRef(String name, String key) {
    }

    record Backup(BarmanObjectStore barmanObjectStore, String retentionPolicy) {
    }

    record BarmanObjectStore(String destinationPath, String endpointURL, S3Credentials s3Credentials,
                             Compression wal, Compression data) {
    }

    record S3Credentials(KeyRef accessKeyId, KeyRef secretAccessKey) {
    }

    record Compression(String compression) {
    }

    record Bootstrap(InitDb initdb) {
    }

    record InitDb(String database, String owner) {
    }

    /** CloudNativePG accepts only string values for parameters; the strict parse enforces that. */
    record Postgresql(Map<String, String> parameters) {
    }

    record Storage(String size, String storageClass) {
    }

    record Affinity(Boolean enablePodAntiAffinity, String topologyKey, String podAntiAffinityType) {
    }
}
