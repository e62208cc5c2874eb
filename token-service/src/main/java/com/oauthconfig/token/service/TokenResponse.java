package com.oauthconfig.token.service;

import io.vertx.core.json.JsonObject;

/** A provider's successful token response; {@link #toString()} never shows a token. */
public record TokenResponse(String accessToken, String refreshToken, String idToken, Long expiresIn, String scope) {

    static TokenResponse from(JsonObject body) {
        Object exp = body.getValue("expires_in");
        Long expiresIn = null;
        if (exp instanceof Number n) {
            expiresIn = n.longValue();
        } else if (exp instanceof String s && s.matches("\\d{1,9}")) {
            // Some providers (older Entra v1 endpoints) send expires_in as a string.
            expiresIn = Long.parseLong(s);
        }
        return new TokenResponse(body.getString("access_token"), body.getString("refresh_token"),
                body.getString("id_token"), expiresIn, body.getString("scope"));
    }

    @Override
    public String toString() {
        return "TokenResponse[access=" + (accessToken != null) + ", refresh=" + (refreshToken != null)
                + ", id=" + (idToken != null) + ", expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
