package com.oauthconfig.contracts.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A configuration's explicit provider endpoints; each may be null (discovery then supplies it). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Endpoints(String authorization, String token, String userinfo, String jwks, String revocation,
                        String endSession) {

    public static final Endpoints NONE = new Endpoints(null, null, null, null, null, null);
}
