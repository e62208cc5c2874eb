package com.oauthconfig.console.web;

import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A form post the CSRF filter refused (no token, or not the one of this browser's cookie) becomes
 * a 403 error page in the console's layout: the request may be well formed, it is the sender that
 * is not allowed (a page of another site). The filter answers an empty 400 before any resource or
 * exception mapper runs; every other refusal of the console already carries a page, so an empty
 * 400 to a form post is that one.
 */
public class RefusedFormPage {

    @Inject
    Template error;

    @ServerResponseFilter
    public void render(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 400 || response.hasEntity() || !"POST".equals(request.getMethod())) {
            return;
        }
        String page = error.data("title", "The form was not accepted")
                .data("message", "It did not come from a page of the console, or the page was too old. "
                        + "Nothing was changed. Open the page again and repeat what you did.")
                .data("status", 403).render();
        response.setStatus(403);
        response.setEntity(page, null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
    }
}
