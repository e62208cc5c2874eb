package com.oauthconfig.rig;

/**
 * The test rig of one JVM: a PostgreSQL server, a Kafka broker and an OIDC provider, each
 * started on first use and shared by every test of the JVM, stopped when the JVM exits.
 * Tests isolate themselves by data (a fresh organisation id each), not by restarting these.
 */
public final class Rig {

    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static OidcProvider oidc;
    private static boolean hookInstalled;

    private Rig() {
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            installShutdownHook();
            postgres = PostgresServer.startDefault(null, 0);
        }
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            installShutdownHook();
            kafka = KafkaBroker.start(null, 0);
        }
        return kafka;
    }

    public static synchronized OidcProvider oidc() {
        if (oidc == null) {
            installShutdownHook();
            oidc = OidcProvider.start(0);
        }
        return oidc;
    }

    private static void installShutdownHook() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(Rig::stopAll, "test-rig-shutdown"));
        }
    }

    /** Stops whatever was started, in reverse order of dependency. */
    public static synchronized void stopAll() {
        if (oidc != null) {
            quietly(oidc::close);
            oidc = null;
        }
        if (kafka != null) {
            quietly(kafka::close);
            kafka = null;
        }
        if (postgres != null) {
            quietly(postgres::close);
            postgres = null;
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.err.println("test rig: " + e.getMessage());
        }
    }
}
