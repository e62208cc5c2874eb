package com.oauthconfig.console.web;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where signing out ends: public, so it shows without a session. */
@Path("/signed-out")
@Produces(MediaType.TEXT_HTML)
public class SignedOutResource {

    private final Template error;

    SignedOutResource(Template error) {
        this.error = error;
    }

    @GET
    public TemplateInstance signedOut() {
        return error.data("title", "Signed out").data("message", "You are signed out of the console.").data("status", 200);
    }
}
