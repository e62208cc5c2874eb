package com.oauthconfig.config.rest;

/** The question of the token-service's SSO sign-in: may this provider-verified e-mail sign in through this configuration? */
public record SsoAdmissionRequest(String configId, String email) {
}
