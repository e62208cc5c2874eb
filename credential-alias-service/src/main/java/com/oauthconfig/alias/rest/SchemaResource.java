package com.oauthconfig.alias.rest;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.alias.CredentialAliasEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The JSON Schema of the events this service publishes, served from the contracts module's file (each event's ce_dataschema). */
@Path(CredentialAliasEvent.SCHEMA_PATH)
@PermitAll
@Tag(name = "Schemas")
public class SchemaResource {

    @GET
    @Produces("application/schema+json")
    @Operation(summary = "JSON Schema of the credential-alias-events payload")
    public Uni<String> eventSchema() {
        return Uni.createFrom().item(ContractSchema.CREDENTIAL_ALIAS_EVENT.text());
    }
}
