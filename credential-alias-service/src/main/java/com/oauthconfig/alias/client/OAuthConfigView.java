package com.oauthconfig.alias.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.UUID;

/**
 * The few fields of the config-service's internal read this service needs. Everything else,
 * the decrypted client secret in particular, is deliberately not mapped, so it is never held.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthConfigView(UUID id, String orgId, Long version, String name, String title, String type) {
}
