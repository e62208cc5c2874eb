package com.oauthconfig.config.event;

import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.contracts.config.Endpoints;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import com.oauthconfig.contracts.config.ProviderType;

import java.util.List;
import java.util.UUID;

/** Maps a stored configuration to the oauth-config-events contract, member by member: never the secret. */
public final class ConfigEventMapper {

    private ConfigEventMapper() {
    }

    public static OAuthConfigChangedEvent toEvent(UUID eventId, ChangeType type, OAuthConfigEntity e, List<String> changedFields) {
        return new OAuthConfigChangedEvent(eventId, e.orgId, e.id, e.version, type, changedFields, config(e));
    }

    static OAuthConfigChangedEvent.Config config(OAuthConfigEntity e) {
        return new OAuthConfigChangedEvent.Config(e.id, e.orgId, e.version, e.name, e.title, ProviderType.valueOf(e.type.name()),
                e.imageUrl, e.loginHint, e.domains, e.redirectUrls, e.clientId, e.clientSecretSealed != null, e.issuer,
                endpoints(e), e.usePkce, e.useNonce, e.scopes, e.ssoEnabled, e.ssoEmailAuthoritative, e.apiHosts, e.audience, e.tenantId,
                e.createdBy, e.createdAt, e.updatedBy, e.updatedAt);
    }

    /** The entity's endpoints in the contracts' shape (also the internal read's). */
    public static Endpoints endpoints(OAuthConfigEntity e) {
        return new Endpoints(e.authorizationEndpoint, e.tokenEndpoint, e.userinfoEndpoint, e.jwksUri, e.revocationEndpoint,
                e.endSessionEndpoint);
    }
}
