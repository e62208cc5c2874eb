package com.oauthconfig.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A service's answer as the console uses it: status, entity tag, JSON body (or a missing node). */
public record Answer(int status, Optional<String> etag, JsonNode body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The version an entity tag {@code "7"} names, for If-Match on the next write. */
    public Optional<Long> version() {
        return etag.map(e -> e.replace("W/", "").replace("\"", "")).flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Field errors of a problem+json answer ({@code errors: [{field, rule}]}), keyed by the form field
     * they belong to: {@code redirectUrls[2]} stays as is, {@code endpoints.token} too; several
     * rules for one field are joined.
     */
    public Map<String, String> fieldErrors() {
        Map<String, String> errors = new LinkedHashMap<>();
        for (JsonNode e : body.path("errors")) {
            String field = e.path("field").asText("");
            String rule = e.path("rule").asText(e.path("message").asText("is not valid"));
            errors.merge(field.isEmpty() ? "_" : field, rule, (a, b) -> a + "; " + b);
        }
        return errors;
    }

    /** The problem's human text: its detail, else its title. */
    public String problemText() {
        String detail = body.path("detail").asText("");
        return detail.isEmpty() ? body.path("title").asText("The service refused the request (" + status + ").") : detail;
    }

    static Answer empty(int status, Optional<String> etag) {
        return new Answer(status, etag, MissingNode.getInstance());
    }
}
