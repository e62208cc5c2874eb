package com.oauthconfig.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The signed-in person: the platform access token the code flow obtained (sent to the services,
 * which verify it and decide), and the organisation and roles it names, read only to build paths
 * and to choose which links the navigation shows.
 */
@RequestScoped
// The bearer is what the services are called with; no template may ever render it.
@io.quarkus.qute.TemplateData(ignore = "bearer")
public class Caller {

    private final String bearer;
    private final JsonNode claims;

    Caller(SecurityIdentity identity, ObjectMapper json) {
        AccessTokenCredential credential = identity.isAnonymous() ? null : identity.getCredential(AccessTokenCredential.class);
        this.bearer = credential == null ? null : credential.getToken();
        this.claims = payload(bearer, json);
    }

    private static JsonNode payload(String jwt, ObjectMapper json) {
        if (jwt == null || jwt.split("\\.").length < 2) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException | IllegalArgumentException e) {
            return json.createObjectNode();
        }
    }

    public String bearer() {
        if (bearer == null) {
            throw new ConsoleError(401, "Sign in", "Sign in to continue.");
        }
        return bearer;
    }

    public String orgId() {
        String org = claims.path("org_id").asText("");
        if (org.isEmpty()) {
            throw new ConsoleError(403, "No organisation", "Your account belongs to no organisation.");
        }
        return org;
    }

    public String subject() {
        return claims.path("sub").asText("");
    }

    public List<String> roles() {
        List<String> roles = new ArrayList<>();
        claims.path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    /** Only chooses the links shown; the services refuse what the role does not allow. */
    public boolean admin() {
        return roles().contains("ADMIN") || roles().contains("OWNER");
    }

    public boolean support() {
        return roles().contains("SUPPORT");
    }
}
