package com.oauthconfig.rig;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a Quarkus application under test at the JVM's shared rig. Init argument
 * {@code database} names the service's own database (created when missing).
 * Stopping does nothing: the rig outlives each application and stops with the JVM.
 */
public class RigResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_ARG = "database";

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get(DATABASE_ARG);
        if (database == null) {
            throw new IllegalArgumentException("RigResource needs init argument '" + DATABASE_ARG + "'");
        }
    }

    @Override
    public Map<String, String> start() {
        return properties(Rig.postgres(), Rig.kafka(), Rig.oidc(), database);
    }

    /** The Quarkus properties that connect a service to these servers; the local stack uses them too. */
    public static Map<String, String> properties(PostgresServer pg, KafkaBroker kafka, OidcProvider oidc, String database) {
        pg.ensureDatabase(database);
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.datasource.username", pg.user());
        p.put("quarkus.datasource.password", pg.password());
        p.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database));
        p.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
        p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        p.put("quarkus.oidc.auth-server-url", oidc.platformIssuer());
        p.put("quarkus.oidc-client.auth-server-url", oidc.platformIssuer());
        p.put("rig.oidc.base-url", oidc.baseUrl());
        return p;
    }

    @Override
    public void stop() {
        // The rig is shared by every application of this JVM; Rig's shutdown hook stops it.
    }
}
