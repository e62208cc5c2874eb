package com.oauthconfig.common.problem;

import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.ConnectException;
import java.util.Map;

/**
 * Every service's answer when its database cannot be reached: 503 problem+json naming
 * {@code postgresql} instead of the catch-all 500, because a caller should retry later and an
 * alert should say which dependency is away.
 * Which failures qualify is {@link DatabaseOutage}'s rule; any other refused connection still goes to the catch-all.
 */
public class DatabaseUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);

    private final DatabaseOutage outage;

    public DatabaseUnavailableMapper(DatabaseOutage outage) {
        this.outage = outage;
    }

    @ServerExceptionMapper
    public Response refused(ConnectException e) {
        return outage.causedBy(e) ? unavailable(e) : new ProblemMapper().unexpected(e);
    }

    @ServerExceptionMapper
    public Response closed(ClosedConnectionException e) {
        return unavailable(e);
    }

    private static Response unavailable(Throwable e) {
        LOG.warnf("database unavailable: %s", e.getClass().getSimpleName());
        Response problem = ProblemMapper.render(ProblemType.DEPENDENCY_UNAVAILABLE,
                DatabaseOutage.DEPENDENCY + " is unavailable; nothing was changed", java.util.List.of(),
                Map.of("dependency", DatabaseOutage.DEPENDENCY));
        return Response.fromResponse(problem).header("Retry-After", "5").build();
    }
}
