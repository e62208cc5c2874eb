package com.oauthconfig.token.injection;

/**
 * The end user an injection call acts for, taken from the user's own verified platform token
 * ({@code X-User-Token}): never from the request body.
 */
public record PresentUser(String orgId, String userId) {
}
