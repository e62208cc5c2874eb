package com.oauthconfig.contracts.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.UUID;

/**
 * The config-service's answer to an {@link SsoAdmissionQuestion}, schema
 * {@code oauth-config-sso-admission-answer-1.schema.json}: whether the e-mail is admitted, the
 * configuration's current {@code version} (the token-service binds a sign-in to it), the
 * {@code decision} and which kind of domain entry matched. Never the configuration's domains.
 * {@code decision} and {@code match} are text, so a consumer reads an answer with a value added later.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SsoAdmissionAnswer(String orgId, UUID configId, long version, boolean admitted, String decision, String match) {

    /** The e-mail may sign in. */
    public static final String ADMITTED = "ADMITTED";
}
