package com.oauthconfig.console.configs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.TemplateData;
import org.jboss.resteasy.reactive.RestForm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Add OAuth / side-panel form, field for field in the product documentation's order, and its
 * mapping to and from the config-service's record. The client secret is write-only: the form never
 * holds the stored one, only whether one is set.
 */
@TemplateData
public class ConfigForm {

    public static final List<String> TYPES = List.of("GRAPH", "OKTA", "OPENID", "AUTH0");
    public static final Map<String, String> TYPE_LABELS = Map.of("GRAPH", "Graph", "OKTA", "Okta", "OPENID", "OpenID", "AUTH0", "Auth0");
    public static final List<String> ENDPOINTS = List.of("authorization", "token", "userinfo", "jwks", "revocation", "endSession");

    @RestForm public String name;
    @RestForm public String title;
    @RestForm public String type;
    @RestForm public String imageUrl;
    @RestForm public String useLoginHint;
    @RestForm public String loginHint;
    @RestForm public List<String> domains;
    @RestForm public List<String> redirectUrls;
    @RestForm public String clientId;
    @RestForm public String clientSecret;
    @RestForm public String removeClientSecret;
    @RestForm public String issuer;
    @RestForm("endpoints.authorization") public String authorizationEndpoint;
    @RestForm("endpoints.token") public String tokenEndpoint;
    @RestForm("endpoints.userinfo") public String userinfoEndpoint;
    @RestForm("endpoints.jwks") public String jwksEndpoint;
    @RestForm("endpoints.revocation") public String revocationEndpoint;
    @RestForm("endpoints.endSession") public String endSessionEndpoint;
    @RestForm public String usePkce;
    @RestForm public String useNonce;
    @RestForm public String scopes;
    @RestForm public String tenantId;
    @RestForm public String audience;
    @RestForm public String ssoEnabled;
    @RestForm public String ssoEmailAuthoritative;
    /** The version the person saw: sent as If-Match, so a concurrent edit is refused, never overwritten. */
    @RestForm public Long version;

    /** Whether a secret is stored (shown as "set" / "not set"; the value itself never reaches a page). */
    public boolean clientSecretSet;

    /** A blank Add OAuth form: PKCE and nonce on, as the documentation says. */
    public static ConfigForm blank(String redirectSuggestion) {
        ConfigForm f = new ConfigForm();
        f.type = "OPENID";
        f.usePkce = "on";
        f.useNonce = "on";
        f.scopes = "openid offline_access";
        f.redirectUrls = new ArrayList<>(List.of(redirectSuggestion));
        f.domains = new ArrayList<>();
        return f;
    }

    public static ConfigForm fromRecord(JsonNode r) {
        ConfigForm f = new ConfigForm();
        f.name = text(r, "name");
        f.title = text(r, "title");
        f.type = text(r, "type");
        f.imageUrl = text(r, "imageUrl");
        f.loginHint = text(r, "loginHint");
        f.useLoginHint = f.loginHint == null ? null : "on";
        f.domains = strings(r.path("domains"));
        f.redirectUrls = strings(r.path("redirectUrls"));
        f.clientId = text(r, "clientId");
        f.clientSecretSet = r.path("clientSecretSet").asBoolean(false);
        f.issuer = text(r, "issuer");
        JsonNode e = r.path("endpoints");
        f.authorizationEndpoint = text(e, "authorization");
        f.tokenEndpoint = text(e, "token");
        f.userinfoEndpoint = text(e, "userinfo");
        f.jwksEndpoint = text(e, "jwks");
        f.revocationEndpoint = text(e, "revocation");
        f.endSessionEndpoint = text(e, "endSession");
        f.usePkce = r.path("usePkce").asBoolean(true) ? "on" : null;
        f.useNonce = r.path("useNonce").asBoolean(true) ? "on" : null;
        f.scopes = String.join(" ", strings(r.path("scopes")));
        f.tenantId = text(r, "tenantId");
        f.audience = text(r, "audience");
        f.ssoEnabled = r.path("ssoEnabled").asBoolean(false) ? "on" : null;
        f.ssoEmailAuthoritative = r.path("ssoEmailAuthoritative").asBoolean(false) ? "on" : null;
        f.version = r.hasNonNull("version") ? r.path("version").asLong() : null;
        return f;
    }

    /**
     * Writes the form's fields over {@code base} (a blank object for a new record, the current
     * record for an edit, so members the form does not show, like apiHosts, are kept). The secret
     * is sent only when typed or explicitly removed; absent means unchanged.
     */
    public ObjectNode toRecord(ObjectNode base) {
        ObjectNode r = base.deepCopy();
        for (String readOnly : List.of("id", "orgId", "version", "clientSecretSet", "createdBy", "createdAt", "updatedBy", "updatedAt")) {
            r.remove(readOnly);
        }
        put(r, "name", name);
        put(r, "title", title);
        put(r, "type", type);
        put(r, "imageUrl", blankToNull(imageUrl));
        put(r, "loginHint", "on".equals(useLoginHint) ? blankToNull(loginHint) : null);
        array(r, "domains", domains);
        array(r, "redirectUrls", redirectUrls);
        put(r, "clientId", blankToNull(clientId));
        r.remove("clientSecret");
        if ("on".equals(removeClientSecret)) {
            r.putNull("clientSecret");
        } else if (clientSecret != null && !clientSecret.isEmpty()) {
            r.put("clientSecret", clientSecret);
        }
        put(r, "issuer", blankToNull(issuer));
        ObjectNode endpoints = r.objectNode();
        String[] values = {authorizationEndpoint, tokenEndpoint, userinfoEndpoint, jwksEndpoint, revocationEndpoint, endSessionEndpoint};
        for (int i = 0; i < values.length; i++) {
            if (blankToNull(values[i]) != null) {
                endpoints.put(ENDPOINTS.get(i), values[i].trim());
            }
        }
        if (endpoints.isEmpty()) {
            r.putNull("endpoints");
        } else {
            r.set("endpoints", endpoints);
        }
        r.put("usePkce", "on".equals(usePkce));
        r.put("useNonce", "on".equals(useNonce));
        List<String> scopeList = scopes == null ? List.of() : Arrays.stream(scopes.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        array(r, "scopes", scopeList);
        put(r, "tenantId", "GRAPH".equals(type) ? blankToNull(tenantId) : null);
        put(r, "audience", "AUTH0".equals(type) ? blankToNull(audience) : null);
        r.put("ssoEnabled", "on".equals(ssoEnabled));
        r.put("ssoEmailAuthoritative", "on".equals(ssoEmailAuthoritative));
        return r;
    }

    /** The redirect URL rows: every entered one with its error, plus one empty row to add another. */
    public List<Row> redirectRows(Map<String, String> errors) {
        List<Row> rows = new ArrayList<>();
        List<String> given = redirectUrls == null ? List.of() : redirectUrls.stream().filter(u -> u != null && !u.isBlank()).toList();
        for (int i = 0; i < given.size(); i++) {
            rows.add(new Row(i, given.get(i), errors.get("redirectUrls[" + i + "]")));
        }
        rows.add(new Row(given.size(), "", null));
        return rows;
    }

    /** The domains offered: {@code *}, each registered domain and its {@code *.} pattern, plus any chosen already. */
    public List<Option> domainOptions(List<String> registered) {
        Set<String> offered = new LinkedHashSet<>();
        offered.add("*");
        for (String d : registered) {
            offered.add(d);
            offered.add("*." + d);
        }
        if (domains != null) {
            offered.addAll(domains);
        }
        List<Option> options = new ArrayList<>();
        int i = 0;
        for (String d : offered) {
            options.add(new Option(i++, d, domains != null && domains.contains(d)));
        }
        return options;
    }

    public List<Option> typeOptions() {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < TYPES.size(); i++) {
            options.add(new Option(i, TYPES.get(i), TYPES.get(i).equals(type), TYPE_LABELS.get(TYPES.get(i))));
        }
        return options;
    }

    @TemplateData
    public record Row(int index, String value, String error) {
    }

    @TemplateData
    public record Option(int index, String value, boolean selected, String label) {
        Option(int index, String value, boolean selected) {
            this(index, value, selected, value);
        }
    }

    private static void put(ObjectNode r, String field, String value) {
        if (value == null) {
            r.putNull(field);
        } else {
            r.put(field, value);
        }
    }

    private static void array(ObjectNode r, String field, List<String> values) {
        ArrayNode a = r.putArray(field);
        if (values != null) {
            values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).forEach(a::add);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

}
