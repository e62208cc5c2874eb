package com.oauthconfig.common.security;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The platform staff's own organisation ({@code platform-auth.staff-org-id}), the only one whose
 * tokens count for SUPPORT. Read once at start: {@link Caller} is created for every request, and a
 * configuration lookup there cost each request a walk through every configuration source.
 */
@Singleton
public class StaffOrganisation {

    private final Optional<String> id;

    public StaffOrganisation(@ConfigProperty(name = "platform-auth.staff-org-id") Optional<String> id) {
        this.id = id.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Empty when unset or blank: then nobody holds SUPPORT. */
    public Optional<String> id() {
        return id;
    }
}
