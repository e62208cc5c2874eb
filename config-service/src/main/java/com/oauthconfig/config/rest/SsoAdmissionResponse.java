package com.oauthconfig.config.rest;

/**
 * The answer: {@code admitted}, the configuration's current {@code version} (the token-service
 * binds a sign-in to it), {@code decision} ({@code ADMITTED}, {@code SSO_DISABLED},
 * {@code DOMAIN_NOT_ALLOWED}, {@code DOMAIN_NOT_REGISTERED}) and which kind of domain entry matched
 * ({@code EXACT}, {@code WILDCARD}, {@code ANY}, {@code NONE}). Never the configuration's domains.
 */
public record SsoAdmissionResponse(String orgId, String configId, long version, boolean admitted, String decision,
                                   String match) {
}
