package com.oauthconfig.console.web;

import jakarta.ws.rs.core.Response;

import java.net.URI;

/** Small helpers every page resource uses the same way. */
public final class Pages {

    private Pages() {
    }

    /** Post/redirect/get: after a successful form post the browser loads the result with GET. */
    public static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    /** Path segments the console puts into service paths: what the services call an id, nothing that could change the path. */
    public static String segment(String value) {
        // "." and ".." are allowed characters but would walk the service path (…/configs/../tokens/me).
        if (value == null || !value.matches("[A-Za-z0-9._:~-]{1,256}") || value.equals(".") || value.equals("..")) {
            throw ConsoleError.notFound();
        }
        return value;
    }
}
