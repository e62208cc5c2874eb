package com.oauthconfig.config.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A configuration as it was just before the change with version {@code retiredByVersion} replaced
 * or removed it: the service-only view without the secret ({@code config}, JSON) and the secret
 * sealed under its own data key. Kept until {@code shredAfter}, then deleted with its key.
 */
@Entity
@Table(name = "retired_oauth_config")
public class RetiredOAuthConfigEntity {

    @Id
    public UUID id;
    @Column(name = "config_id", nullable = false)
    public UUID configId;
    @Column(name = "org_id", nullable = false)
    public String orgId;
    @Column(name = "retired_by_version", nullable = false)
    public long retiredByVersion;
    @Column(nullable = false)
    public String config;
    @Column(name = "client_secret_sealed")
    public String clientSecretSealed;
    @Column(name = "retired_at", nullable = false)
    public Instant retiredAt;
    @Column(name = "shred_after", nullable = false)
    public Instant shredAfter;

    /** The AEAD context of a retired secret: another row, version or organisation does not decrypt it. */
    public static String secretContext(String orgId, UUID configId, long retiredByVersion) {
        return "oauth-config-retired|" + orgId + "|" + configId + "|" + retiredByVersion;
    }

    public String secretContext() {
        return secretContext(orgId, configId, retiredByVersion);
    }
}
