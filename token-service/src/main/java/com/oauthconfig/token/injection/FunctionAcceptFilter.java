package com.oauthconfig.token.injection;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A function call answers whatever its target answers, so the caller's Accept header says
 * nothing about this service's content negotiation (it is still forwarded to the target through
 * the call's own {@code headers}). Without this, {@code Accept: application/json} would get a 406
 * from the streaming endpoint.
 */
public class FunctionAcceptFilter {

    @ServerRequestFilter(preMatching = true)
    public void acceptWhateverTheTargetAnswers(ContainerRequestContext request) {
        if ("/api/functions/execute".equals(request.getUriInfo().getPath())) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, "*/*");
        }
    }
}
