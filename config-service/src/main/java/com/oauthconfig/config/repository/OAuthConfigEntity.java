package com.oauthconfig.config.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One organisation's OAuth configuration as stored. The client secret exists here only as an
 * EnvelopeCipher-sealed string bound to {@code oauth-config|<orgId>|<id>}; this entity never
 * leaves the service layer. {@code version} is managed by the service under a row lock, so it
 * grows by exactly one per change (the event contract relies on that).
 */
@Entity
@Table(name = "oauth_config")
public class OAuthConfigEntity {

    @Id
    public UUID id;
    @Column(name = "org_id", nullable = false)
    public String orgId;
    @Column(nullable = false)
    public String title;
    @Column(nullable = false)
    public String name;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ProviderType type;
    @Column(name = "image_url")
    public String imageUrl;
    @Column(name = "login_hint")
    public String loginHint;
    @Convert(converter = StringListConverter.class)
    @Column(nullable = false)
    public List<String> domains = List.of();
    @Convert(converter = StringListConverter.class)
    @Column(name = "redirect_urls", nullable = false)
    public List<String> redirectUrls = List.of();
    @Column(name = "client_id")
    public String clientId;
    @Column(name = "client_secret_sealed")
    public String clientSecretSealed;
    public String issuer;
    @Column(name = "authorization_endpoint")
    public String authorizationEndpoint;
    @Column(name = "token_endpoint")
    public String tokenEndpoint;
    @Column(name = "userinfo_endpoint")
    public String userinfoEndpoint;
    @Column(name = "jwks_uri")
    public String jwksUri;
    @Column(name = "revocation_endpoint")
    public String revocationEndpoint;
    @Column(name = "end_session_endpoint")
    public String endSessionEndpoint;
    @Column(name = "use_pkce", nullable = false)
    public boolean usePkce;
    @Column(name = "use_nonce", nullable = false)
    public boolean useNonce;
    @Convert(converter = StringListConverter.class)
    @Column(nullable = false)
    public List<String> scopes = List.of();
    @Column(name = "sso_enabled", nullable = false)
    public boolean ssoEnabled;
    /** The organisation vouches that the provider owns the addresses it signs in (see OAuthConfigRules). */
    @Column(name = "sso_email_authoritative", nullable = false)
    public boolean ssoEmailAuthoritative;
    @Convert(converter = StringListConverter.class)
    @Column(name = "api_hosts", nullable = false)
    public List<String> apiHosts = List.of();
    public String audience;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(nullable = false)
    public long version;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The AEAD context that binds the sealed secret to this organisation and record. */
    public static String secretContext(String orgId, UUID id) {
        return "oauth-config|" + orgId + "|" + id;
    }

    public String secretContext() {
        return secretContext(orgId, id);
    }
}
