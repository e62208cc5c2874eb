package com.oauthconfig.config.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The provider's service endpoints; needed (authorization + token at least) when no issuer is given. */
@Schema(name = "Endpoints")
public record EndpointsDto(
        @Schema(description = "Authorization endpoint URL") String authorization,
        @Schema(description = "Token endpoint URL") String token,
        @Schema(description = "UserInfo endpoint URL") String userinfo,
        @Schema(description = "JWKS URL (keys that sign ID tokens)") String jwks,
        @Schema(description = "Token revocation endpoint URL (RFC 7009)") String revocation,
        @Schema(description = "End-session (logout) endpoint URL") String endSession) {
}
