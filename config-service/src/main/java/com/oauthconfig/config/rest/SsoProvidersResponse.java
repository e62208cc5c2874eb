package com.oauthconfig.config.rest;

import java.util.List;

/** Sign-in options for an e-mail address, best match first. */
public record SsoProvidersResponse(List<SsoProviderResponse> items) {
}
