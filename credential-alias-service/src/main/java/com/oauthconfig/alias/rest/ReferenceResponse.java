package com.oauthconfig.alias.rest;

import java.util.UUID;

/** One solution credential that points at a configuration. */
public record ReferenceResponse(String solutionId, UUID credentialId, String name, String status) {
}
