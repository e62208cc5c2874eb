package com.oauthconfig.common.events;

import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The {@code ce_dataschema} of the events a service produces: the URL at which that same service
 * serves the event's JSON Schema, so a subscriber can fetch exactly the schema the data follows.
 * The base is {@code platform-events.schema-base-url} (how subscribers reach this service, e.g.
 * {@code http://config-service:8081}); unset, it is the service's own HTTP address.
 */
@ApplicationScoped
public class DataSchemaUrls {

    private final HttpServer server;
    private final Optional<String> base;

    public DataSchemaUrls(HttpServer server,
                          @ConfigProperty(name = "platform-events.schema-base-url") Optional<String> base) {
        this.server = server;
        this.base = base;
    }

    /** The absolute URL of {@code path} (e.g. {@code /api/schemas/oauth-config-event}) on this service. */
    public String url(String path) {
        String b = base.filter(s -> !s.isBlank()).orElseGet(() -> server.getLocalBaseUri().toString());
        return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
    }
}
