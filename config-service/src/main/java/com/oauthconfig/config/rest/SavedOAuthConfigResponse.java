package com.oauthconfig.config.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.oauthconfig.config.service.Warning;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The answer to a write: the record as stored plus warnings (e.g. ambiguous single sign-on). */
@Schema(name = "SavedOAuthConfig", description = "The OAuthConfig members plus 'warnings'")
public record SavedOAuthConfigResponse(@JsonUnwrapped OAuthConfigResponse config, List<Warning> warnings) {
}
