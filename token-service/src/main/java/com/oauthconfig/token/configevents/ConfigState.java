package com.oauthconfig.token.configevents;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * What the service last learnt about a config from oauth-config-events: the highest version seen
 * (late, older events change nothing) and whether it was removed (so a function naming a removed
 * config's title hears CONFIG_REMOVED rather than "unknown").
 */
@Entity
@Table(name = "config_state")
public class ConfigState extends PanacheEntityBase {

    @Id
    @Column(name = "config_id")
    public String configId;

    @Column(name = "org_id", nullable = false)
    public String orgId;

    public String title;

    @Column(name = "last_version", nullable = false)
    public long lastVersion;

    @Column(nullable = false)
    public boolean removed;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
