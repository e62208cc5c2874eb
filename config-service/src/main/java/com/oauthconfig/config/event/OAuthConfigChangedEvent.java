package com.oauthconfig.config.event;

import com.oauthconfig.config.rest.OAuthConfigResponse;

import java.util.List;

/**
 * The data of an {@code oauthconfig.config.*} CloudEvent on topic {@value ConfigEventPublisher#TOPIC},
 * as described by {@code META-INF/schemas/oauth-config-event.schema.json}. {@code config} is the
 * record as the public API returns it (no secret); per config, {@code version} grows by one per change.
 */
public record OAuthConfigChangedEvent(
        String eventId,
        String orgId,
        String configId,
        long version,
        ChangeType changeType,
        List<String> changedFields,
        OAuthConfigResponse config) {

    public enum ChangeType {
        CREATED("oauthconfig.config.created"),
        UPDATED("oauthconfig.config.updated"),
        REMOVED("oauthconfig.config.removed");

        public final String ceType;

        ChangeType(String ceType) {
            this.ceType = ceType;
        }
    }
}
