package com.oauthconfig.alias.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One configuration title an ADMIN declared a solution needs. */
@Entity
@Table(name = "solution_required_title")
public class RequiredTitle {

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false, updatable = false)
    public String orgId;

    @Column(name = "solution_id", nullable = false, updatable = false)
    public String solutionId;

    @Column(nullable = false, updatable = false)
    public String title;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
