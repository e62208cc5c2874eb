package com.oauthconfig.bench.floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** The floor's one endpoint: a fixed JSON answer, no dependency. */
@Path("/floor")
public class FloorResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> get() {
        return Map.of("status", "ok");
    }
}
