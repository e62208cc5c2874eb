package com.oauthconfig.config.rest;

import com.oauthconfig.config.repository.ProviderType;

/** What a login screen needs to offer one sign-in option; nothing else. */
public record SsoProviderResponse(String id, String name, String imageUrl, ProviderType type, String loginHint) {
}
