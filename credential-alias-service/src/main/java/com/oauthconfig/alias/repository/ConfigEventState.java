package com.oauthconfig.alias.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The newest version of a configuration seen on oauth-config-events, and whether it was removed. */
@Entity
@Table(name = "config_event_state")
public class ConfigEventState {

    @Id
    @Column(name = "config_id")
    public UUID configId;

    @Column(name = "org_id", nullable = false)
    public String orgId;

    @Column(name = "last_version", nullable = false)
    public long lastVersion;

    @Column(name = "removed_version")
    public Long removedVersion;

    @Column(name = "removed_at")
    public Instant removedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public boolean isRemoved() {
        return removedVersion != null;
    }
}
