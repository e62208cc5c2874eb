package com.oauthconfig.config.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** An organisation's registered e-mail domains, which only platform support may change. */
@Entity
@Table(name = "organisation")
public class OrganisationEntity {

    @Id
    @Column(name = "org_id")
    public String orgId;
    @Convert(converter = StringListConverter.class)
    @Column(nullable = false)
    public List<String> domains = List.of();
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
