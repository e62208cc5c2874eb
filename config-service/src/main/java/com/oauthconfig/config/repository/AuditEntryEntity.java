package com.oauthconfig.config.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One change of a configuration: who, when, and a JSON list of field changes without secret values. */
@Entity
@Table(name = "oauth_config_audit")
public class AuditEntryEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "org_id", nullable = false)
    public String orgId;
    @Column(name = "config_id", nullable = false)
    public UUID configId;
    @Column(name = "config_version", nullable = false)
    public long configVersion;
    @Column(nullable = false)
    public String action;
    @Column(nullable = false)
    public String actor;
    @Column(nullable = false)
    public Instant at;
    /** JSON array of {field, from, to} or {field, change:"changed"} for the secret. */
    @Column(nullable = false)
    public String changes;
}
