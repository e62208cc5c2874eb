package com.oauthconfig.console.web;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The start page: where each role goes from here. */
@Path("/")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class HomeResource {

    private final Template home;
    private final Caller caller;

    HomeResource(Template home, Caller caller) {
        this.home = home;
        this.caller = caller;
    }

    @GET
    public TemplateInstance home() {
        return home.data("caller", caller).data("org", caller.orgId()).data("title", "Start");
    }
}
