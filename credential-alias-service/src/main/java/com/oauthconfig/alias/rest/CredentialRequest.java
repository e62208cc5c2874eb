package com.oauthconfig.alias.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST and PUT: the whole credential (PUT replaces it). */
@Schema(name = "CredentialRequest")
public record CredentialRequest(
        @Schema(description = "Unique in the solution; letters, digits, spaces, '.', '_', '-'", examples = "crm-oauth", maxLength = 100)
        String name,
        @Schema(description = "Credential type", enumeration = {"OAUTH_ALIAS"})
        String type,
        @Schema(description = "Id of an OAuth configuration of the same organisation (required for OAUTH_ALIAS)", format = "uuid")
        String oauthConfigId) {
}
