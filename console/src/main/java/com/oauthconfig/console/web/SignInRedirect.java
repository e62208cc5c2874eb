package com.oauthconfig.console.web;

import com.oauthconfig.console.ConsoleSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

/** The console's return address for members' sign-ins at a configuration's provider. */
@ApplicationScoped
public class SignInRedirect {

    public static final String PATH = "/sign-in/callback";

    private final ConsoleSettings settings;

    SignInRedirect(ConsoleSettings settings) {
        this.settings = settings;
    }

    public String url(UriInfo uri) {
        return settings.signInRedirectUrl().orElseGet(() -> uri.getBaseUriBuilder().replacePath(PATH).replaceQuery(null).build().toString());
    }
}
