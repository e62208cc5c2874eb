package com.oauthconfig.contracts.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Data of an {@code oauthconfig.config.*} CloudEvent on {@value #TOPIC}, schema
 * {@code oauth-config-event-1.schema.json}. Keyed by config id; per config, {@code version} grows by
 * one per change, and a removal carries the version of the removal. Never carries the secret.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthConfigChangedEvent(UUID eventId, String orgId, UUID configId, long version, ChangeType changeType,
                                      List<String> changedFields, Config config) {

    public static final String TOPIC = "oauth-config-events";
    /** {@code ce_source} of every event. */
    public static final String SOURCE = "/config-service";
    /** Where the config-service serves the schema; {@code ce_dataschema} is this path on its base URL. */
    public static final String SCHEMA_PATH = "/api/schemas/oauth-config-event";

    /**
     * The {@code changedFields} of an update that change what users consented to: a service holding
     * users' tokens for the configuration retires all of them.
     */
    public static final List<String> CONSENT_FIELDS = List.of("issuer", "clientId", "scopes", "audience");

    /**
     * The {@code changedFields} that say which provider issued users' tokens and where they may be
     * sent: the consent fields and the endpoints (an endpoint moved to another origin retires the
     * tokens issued for the old one). An update naming none of them leaves every user's tokens as
     * they are.
     */
    public static final List<String> PROVIDER_FIELDS = List.of("issuer", "clientId", "scopes", "audience", "endpoints");

    /**
     * Whether a change may retire users' tokens, which are then revoked at the provider of the
     * version before it: a removal, or an update naming a {@linkplain #PROVIDER_FIELDS provider field}.
     */
    public static boolean mayRetireTokens(ChangeType changeType, List<String> changedFields) {
        return changeType == ChangeType.REMOVED
                || (changeType == ChangeType.UPDATED && changedFields.stream().anyMatch(PROVIDER_FIELDS::contains));
    }

    public OAuthConfigChangedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(configId, "configId");
        Objects.requireNonNull(changeType, "changeType");
        if (orgId == null || orgId.isBlank()) {
            throw new IllegalArgumentException("orgId is required");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }

    /** What happened to the configuration, and the {@code ce_type} that says so. */
    public enum ChangeType {
        CREATED("oauthconfig.config.created"),
        UPDATED("oauthconfig.config.updated"),
        REMOVED("oauthconfig.config.removed");

        public final String ceType;

        ChangeType(String ceType) {
            this.ceType = ceType;
        }
    }

    /** The configuration as the public API shows it after the change: never the secret, only whether one is set. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Config(UUID id, String orgId, long version, String name, String title, ProviderType type,
                         String imageUrl, String loginHint, List<String> domains, List<String> redirectUrls,
                         String clientId, boolean clientSecretSet, String issuer, Endpoints endpoints,
                         boolean usePkce, boolean useNonce, List<String> scopes, boolean ssoEnabled,
                         boolean ssoEmailAuthoritative,
                         List<String> apiHosts, String audience, String tenantId, String createdBy,
                         Instant createdAt, String updatedBy, Instant updatedAt) {
    }

    /** The configuration's title when the event carries it. */
    public String title() {
        return config == null ? null : config.title();
    }

    /** The configuration's issuer after the change, when the event carries it. */
    public String issuer() {
        return config == null ? null : config.issuer();
    }
}
