package com.oauthconfig.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Strict model of the CloudNativePG {@code postgresql.cnpg.io/v1 ScheduledBackup} fields these
 * manifests use (no Java model on Maven Central, as for {@link CnpgCluster}): any other field fails the parse.
 */
record CnpgScheduledBackup(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    /** {@code schedule} is a six-field cron expression (seconds first), as CloudNativePG reads it. */
    record Spec(String schedule, Boolean immediate, Boolean suspend, String backupOwnerReference, String method,
                ClusterRef cluster) {
    }

    record ClusterRef(String name) {
    }
}
