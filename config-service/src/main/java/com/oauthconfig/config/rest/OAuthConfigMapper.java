package com.oauthconfig.config.rest;

import com.oauthconfig.config.event.ConfigEventMapper;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.service.ConfigDraft;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.ProviderType;

/** Maps between the stored entity, the service's draft and the wire records. */
public final class OAuthConfigMapper {

    private OAuthConfigMapper() {
    }

    public static OAuthConfigResponse toResponse(OAuthConfigEntity e) {
        return new OAuthConfigResponse(e.id.toString(), e.orgId, e.version, e.name, e.title, e.type, e.imageUrl,
                e.loginHint, e.domains, e.redirectUrls, e.clientId, e.clientSecretSealed != null, e.issuer,
                endpoints(e), e.usePkce, e.useNonce, e.scopes, e.ssoEnabled, e.ssoEmailAuthoritative, e.apiHosts, e.audience, e.tenantId,
                e.createdBy, e.createdAt, e.updatedBy, e.updatedAt);
    }

    /** The internal read's contract; {@code clientSecret} only for the services allowed to see it. */
    public static InternalOAuthConfig toInternal(OAuthConfigEntity e, String clientSecret) {
        return new InternalOAuthConfig(e.id, e.orgId, e.version, e.name, e.title, ProviderType.valueOf(e.type.name()),
                e.clientId, clientSecret, e.issuer, ConfigEventMapper.endpoints(e), e.usePkce, e.useNonce, e.scopes,
                e.redirectUrls, e.loginHint, e.apiHosts, e.audience, e.tenantId, e.ssoEnabled, e.ssoEmailAuthoritative, e.imageUrl);
    }

    public static EndpointsDto endpoints(OAuthConfigEntity e) {
        return new EndpointsDto(e.authorizationEndpoint, e.tokenEndpoint, e.userinfoEndpoint, e.jwksUri,
                e.revocationEndpoint, e.endSessionEndpoint);
    }

    public static ConfigDraft toDraft(OAuthConfigRequest r) {
        EndpointsDto ep = r.endpoints();
        return new ConfigDraft(r.name(), r.title(), r.type(), r.imageUrl(), r.loginHint(), r.domains(),
                r.redirectUrls(), r.clientId(), r.issuer(),
                ep == null ? null : new ConfigDraft.Endpoints(ep.authorization(), ep.token(), ep.userinfo(), ep.jwks(),
                        ep.revocation(), ep.endSession()),
                r.usePkce(), r.useNonce(), r.scopes(), r.ssoEnabled(), r.apiHosts(), r.audience(), r.tenantId(),
                r.ssoEmailAuthoritative());
    }
}
