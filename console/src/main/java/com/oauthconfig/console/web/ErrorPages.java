package com.oauthconfig.console.web;

import io.quarkus.qute.Template;
import io.quarkus.security.ForbiddenException;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure is a page with its status and a plain sentence: never a stack trace or a service's
 * internals. Not signed in is left to quarkus-oidc, which sends the browser to the identity provider.
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @Inject
    Template error;

    @ServerExceptionMapper
    public Response console(ConsoleError e) {
        return page(e.status(), e.title(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        ConsoleError n = ConsoleError.notFound();
        return page(404, n.title(), n.getMessage());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return page(403, "Not allowed", "Your role does not allow this page.");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e instanceof NotAllowedException || status == 405) {
            return page(405, "Not possible here", "This address does not take that kind of request.");
        }
        return page(status, status >= 500 ? "Something went wrong" : "Request refused",
                status >= 500 ? "The console could not complete the request. Try again in a moment." : "The request could not be handled.");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure rendering a page", e);
        return page(500, "Something went wrong", "The console could not complete the request. Try again in a moment.");
    }

    private Response page(int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(error.data("title", title).data("message", message).data("status", status).render()).build();
    }
}
