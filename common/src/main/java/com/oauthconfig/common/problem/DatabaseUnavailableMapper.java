package com.oauthconfig.common.problem;

import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.ConnectException;
import java.net.URI;
import java.util.Map;

/**
 * Every service's answer when its database cannot be reached: 503 problem+json naming
 * {@code postgresql} instead of the catch-all 500, because a caller should retry later and an
 * alert should say which dependency is away.
 * Only connection failures to the configured datasource qualify (its port is in the message); any other
 * refused connection still goes to the catch-all, so an unknown fault is never disguised as an outage.
 */
public class DatabaseUnavailableMapper {

    static final String DEPENDENCY = "postgresql";
    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);

    private final String databasePort;

    public DatabaseUnavailableMapper(@ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl) {
        this.databasePort = portOf(reactiveUrl);
    }

    @ServerExceptionMapper
    public Response refused(ConnectException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (databasePort != null && message.endsWith(":" + databasePort)) {
            return unavailable(e);
        }
        return new ProblemMapper().unexpected(e);
    }

    @ServerExceptionMapper
    public Response closed(ClosedConnectionException e) {
        return unavailable(e);
    }

    private static Response unavailable(Throwable e) {
        LOG.warnf("database unavailable: %s", e.getClass().getSimpleName());
        Response problem = ProblemMapper.render(ProblemType.DEPENDENCY_UNAVAILABLE,
                DEPENDENCY + " is unavailable; nothing was changed", java.util.List.of(), Map.of("dependency", DEPENDENCY));
        return Response.fromResponse(problem).header("Retry-After", "5").build();
    }

    /** "postgresql://host:5432/db" (or vertx-reactive:postgresql://…) → "5432"; null when absent. */
    static String portOf(String url) {
        String u = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        int port = URI.create(u.split(",")[0]).getPort();
        return port < 0 ? "5432" : Integer.toString(port);
    }
}
