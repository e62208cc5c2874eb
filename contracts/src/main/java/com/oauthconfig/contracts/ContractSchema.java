package com.oauthconfig.contracts;

import com.oauthconfig.contracts.alias.AliasReferencePage;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.contracts.alias.CredentialAliasEvent;
import com.oauthconfig.contracts.alias.RequiredCredentials;
import com.oauthconfig.contracts.config.ConfigExistenceAnswer;
import com.oauthconfig.contracts.config.ConfigExistenceQuestion;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.SsoAdmissionAnswer;
import com.oauthconfig.contracts.config.SsoAdmissionQuestion;
import com.oauthconfig.contracts.token.DirectUses;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schemas of the contracts between services: the single source of truth, kept in this
 * module's resources under {@value #FOLDER}, each paired with the record that carries it in Java.
 */
public enum ContractSchema {

    /** Data of the oauth-config-events CloudEvents. */
    OAUTH_CONFIG_EVENT("oauth-config-event-1.schema.json", OAuthConfigChangedEvent.class),
    /** Data of the credential-alias-events CloudEvents. */
    CREDENTIAL_ALIAS_EVENT("credential-alias-event-1.schema.json", CredentialAliasEvent.class),
    /** The config-service's internal read of one configuration (by id, by title, and as retired by a change). */
    OAUTH_CONFIG_INTERNAL("oauth-config-internal-1.schema.json", InternalOAuthConfig.class),
    /** The question of the config-service's existence call. */
    OAUTH_CONFIG_EXISTENCE_QUESTION("oauth-config-existence-question-1.schema.json", ConfigExistenceQuestion.class),
    /** The config-service's answer to the existence call. */
    OAUTH_CONFIG_EXISTENCE_ANSWER("oauth-config-existence-answer-1.schema.json", ConfigExistenceAnswer.class),
    /** The token-service's SSO question: may this provider-verified e-mail sign in through this configuration? */
    OAUTH_CONFIG_SSO_ADMISSION_QUESTION("oauth-config-sso-admission-question-1.schema.json", SsoAdmissionQuestion.class),
    /** The config-service's answer to the SSO question. */
    OAUTH_CONFIG_SSO_ADMISSION_ANSWER("oauth-config-sso-admission-answer-1.schema.json", SsoAdmissionAnswer.class),
    /** The credential-alias-service's answer to "where is this configuration referenced?". */
    ALIAS_REFERENCES("alias-references-1.schema.json", AliasReferencePage.class),
    /** The credential-alias-service's resolution of a credential name. */
    ALIAS_RESOLUTION("alias-resolution-1.schema.json", AliasResolution.class),
    /** The credential-alias-service's answer to "what does this solution need its users signed in to?". */
    ALIAS_REQUIRED_CREDENTIALS("alias-required-credentials-1.schema.json", RequiredCredentials.class),
    /** The token-service's direct uses of a configuration, for the config-service's removal check. */
    CONFIG_DIRECT_USES("config-direct-uses-1.schema.json", DirectUses.class);

    public static final String FOLDER = "contracts/schemas/";

    private final String file;
    private final Class<? extends Record> type;
    private volatile String text;

    ContractSchema(String file, Class<? extends Record> type) {
        this.file = file;
        this.type = type;
    }

    /** The classpath resource of the schema. */
    public String resource() {
        return FOLDER + file;
    }

    /** The record that carries this contract in Java. */
    public Class<? extends Record> type() {
        return type;
    }

    /** The schema document exactly as stored (and served by the producing service). */
    public String text() {
        String t = text;
        if (t == null) {
            try (InputStream in = ContractSchema.class.getClassLoader().getResourceAsStream(resource())) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource());
                }
                t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            text = t;
        }
        return t;
    }
}
