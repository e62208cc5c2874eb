package com.oauthconfig.alias.rest;

import java.util.UUID;

/** What a credential name resolves to for the token-service; {@code reason} is set when BROKEN. */
public record ResolutionResponse(UUID credentialId, UUID oauthConfigId, String status, String reason) {
}
