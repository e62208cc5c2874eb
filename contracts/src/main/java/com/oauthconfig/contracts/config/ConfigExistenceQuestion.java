package com.oauthconfig.contracts.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * The configuration ids of one organisation a service asks the config-service about, schema
 * {@code oauth-config-existence-question-1.schema.json}. Ids stay text: the config-service names
 * the entry ({@code ids[i]}) that is not a UUID.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigExistenceQuestion(List<String> ids) {

    /** Below {@link InternalOAuthConfig#PATH}: where the config-service answers (POST, SERVICE role only). */
    public static final String SUB_PATH = "/existence";
    /** The whole path, for a client of its own. */
    public static final String PATH = InternalOAuthConfig.PATH + SUB_PATH;

    /** Most ids one question may carry. */
    public static final int MAX_IDS = 500;
}
