package com.oauthconfig.contracts.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The token-service's SSO question to the config-service, schema
 * {@code oauth-config-sso-admission-question-1.schema.json}: may this e-mail, verified by the
 * configuration's identity provider, sign in through this configuration? The e-mail travels in
 * the body, never in a URL. {@code configId} stays text: the config-service names it when it is
 * not a UUID.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SsoAdmissionQuestion(String configId, String email) {

    /** Where the config-service answers (POST, the SSO readers among the services only). */
    public static final String PATH = "/internal/orgs/{orgId}/sso/admissions";

    @Override
    public String toString() {
        return "SsoAdmissionQuestion[configId=" + configId + "]";
    }
}
