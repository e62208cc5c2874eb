package com.oauthconfig.token.provider;

import io.vertx.core.json.JsonObject;

/** A provider's successful token response; {@link #toString()} never shows a token. */
public record ProviderTokenResponse(String accessToken, String refreshToken, String idToken, Long expiresIn, String scope) {

    /**
     * Reads a 2xx token response strictly: {@code access_token} a non-blank string;
     * {@code refresh_token}, {@code id_token}, {@code scope} strings when present; {@code expires_in}
     * a number or a string of digits when present. Anything else is a garbage answer
     * ({@link ProviderException.Kind#BAD_RESPONSE}): nothing of it is stored, the refresh token held
     * stays. {@code where} names the endpoint in the message (never a value of the body).
     */
    static ProviderTokenResponse from(JsonObject body, String where) {
        Object exp = body.getValue("expires_in");
        Long expiresIn = null;
        if (exp instanceof Number n) {
            expiresIn = n.longValue();
        } else if (exp instanceof String s && s.matches("\\d{1,9}")) {
            // Some providers (older Entra v1 endpoints) send expires_in as a string.
            expiresIn = Long.parseLong(s);
        } else if (exp != null) {
            throw garbage(where, "expires_in is not a number");
        }
        String access = string(body, "access_token", where);
        if (access == null || access.isBlank()) {
            throw garbage(where, "no access_token");
        }
        return new ProviderTokenResponse(access, string(body, "refresh_token", where), string(body, "id_token", where), expiresIn,
                string(body, "scope", where));
    }

    private static String string(JsonObject body, String member, String where) {
        Object v = body.getValue(member);
        if (v != null && !(v instanceof String)) {
            throw garbage(where, member + " is not a string");
        }
        return (String) v;
    }

    private static ProviderException garbage(String where, String what) {
        return new ProviderException(where + " answered an unusable token response: " + what,
                ProviderException.Kind.BAD_RESPONSE, "invalid_token_response", 200);
    }

    @Override
    public String toString() {
        return "ProviderTokenResponse[access=" + (accessToken != null) + ", refresh=" + (refreshToken != null)
                + ", id=" + (idToken != null) + ", expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
