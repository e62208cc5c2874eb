package com.oauthconfig.common.problem;

import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.ConnectException;
import java.net.URI;

/**
 * Tells "this service's database is away" from every other failure: a refused connection to the
 * configured datasource's port (the port is in the message), or a connection closed in flight, also
 * when wrapped (e.g. by Hibernate Reactive). Any other refused connection is not an outage, so an
 * unknown fault is never disguised as one.
 */
@ApplicationScoped
public class DatabaseOutage {

    /** The dependency name callers and alerts see. */
    public static final String DEPENDENCY = "postgresql";

    private final String port;

    public DatabaseOutage(@ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl) {
        this.port = portOf(reactiveUrl);
    }

    public boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof ConnectException && t.getMessage() != null && t.getMessage().endsWith(":" + port)) {
                return true;
            }
        }
        return false;
    }

    /** "postgresql://host:5432/db" (or vertx-reactive:postgresql://…) → "5432". */
    static String portOf(String url) {
        String u = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        int port = URI.create(u.split(",")[0]).getPort();
        return port < 0 ? "5432" : Integer.toString(port);
    }
}
