package com.oauthconfig.token.injection;

import java.time.Instant;

/** The access token for a trusted platform service; it must be used before {@code expiresAt} and never stored. */
public record TokenResolveResponse(String accessToken, String tokenType, Instant expiresAt, String configId, String title,
                                   String correlationId) {

    @Override
    public String toString() {
        return "TokenResolveResponse[" + configId + ", expiresAt=" + expiresAt + "]";
    }
}
