package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.ContractSchema;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schemas this service publishes, served from the files that are their single source
 * of truth: the record ("Show schema", this service's own) and the change-event payload (the
 * contracts module's, shared with the consumers; its path is {@code OAuthConfigChangedEvent.SCHEMA_PATH}).
 */
@Path("/api")
@PermitAll
@Tag(name = "Schemas")
public class SchemaResource {

    public static final String SCHEMA_JSON = "application/schema+json";
    private final String configSchema = load("META-INF/schemas/oauth-config.schema.json");
    

    @GET
    @Path("oauth-configs/schema")
    @Produces(SCHEMA_JSON)
    @Operation(summary = "JSON Schema of an OAuth configuration (the raw JSON accepted on create and update)")
    public Uni<String> configSchema() {
        return Uni.createFrom().item(configSchema);
    }

    @GET
    @Path("schemas/oauth-config-event")
    @Produces(SCHEMA_JSON)
    @Operation(summary = "JSON Schema of the oauth-config-events payload (each event's ce_dataschema is this URL)")
    public Uni<String> eventSchema() {
        return Uni.createFrom().item(ContractSchema.OAUTH_CONFIG_EVENT.text());
    }

    private static String load(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
