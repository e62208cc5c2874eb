package com.oauthconfig.alias.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A named credential of one solution; for OAUTH_ALIAS it references an org OAuth configuration. */
@Entity
@Table(name = "solution_credential")
public class SolutionCredential {

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false, updatable = false)
    public String orgId;

    @Column(name = "solution_id", nullable = false, updatable = false)
    public String solutionId;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CredentialType type;

    @Column(name = "oauth_config_id")
    public UUID oauthConfigId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CredentialStatus status;

    @Column(name = "broken_reason")
    public String brokenReason;

    @Column(name = "broken_at")
    public Instant brokenAt;

    /** Optimistic lock: a PUT racing with a removal event fails instead of silently undoing it. */
    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
