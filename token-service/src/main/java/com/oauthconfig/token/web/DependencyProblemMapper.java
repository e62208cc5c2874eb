package com.oauthconfig.token.web;

import com.oauthconfig.common.problem.ProblemMapper;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Failures of the config-service become 503 problems naming it, never a 500. */
public class DependencyProblemMapper {

    private final ProblemMapper problems = new ProblemMapper();

    @ServerExceptionMapper
    public Response configServiceUnavailable(ConfigServiceGateway.ConfigServiceUnavailableException e) {
        return problems.problem(Problems.unavailable("config-service"));
    }
}
