package com.oauthconfig.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateExtension;

/** Lets templates read the services' JSON answers as {@code item.name}, and format their times. */
@TemplateExtension
public final class JsonExtensions {

    private JsonExtensions() {
    }

    @TemplateExtension(matchName = "*")
    static Object member(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        return v;
    }

    /** {@code 2026-11-29T23:03:30.123Z} → {@code 2026-11-29 23:03 UTC}. */
    static String minutes(String iso) {
        if (iso == null || iso.length() < 16) {
            return iso;
        }
        return iso.substring(0, 10) + " " + iso.substring(11, 16) + (iso.endsWith("Z") ? " UTC" : "");
    }

}
