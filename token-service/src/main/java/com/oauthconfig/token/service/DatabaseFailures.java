package com.oauthconfig.token.service;

import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.ConnectException;
import java.net.URI;

/**
 * Tells "this service's database is away" from every other failure, by the same rule as common's
 * {@code DatabaseUnavailableMapper}: a refused connection to the datasource's port, or a
 * connection closed in flight (also when wrapped, e.g. by Hibernate Reactive). The injection path
 * answers those with DependencyUnavailableError naming {@code postgresql}, not a 500 or, worse,
 * an UpstreamUnreachableError blaming the function's target.
 */
@ApplicationScoped
public class DatabaseFailures {

    public static final String DEPENDENCY = "postgresql";

    private final String port;

    public DatabaseFailures(@ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl) {
        String u = reactiveUrl.startsWith("vertx-reactive:") ? reactiveUrl.substring("vertx-reactive:".length()) : reactiveUrl;
        int p = URI.create(u.split(",")[0]).getPort();
        this.port = p < 0 ? "5432" : Integer.toString(p);
    }

    public boolean unavailable(Throwable failure) {
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
}
