package com.oauthconfig.config.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oauthconfig.common.problem.FieldError;
import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.ProblemType;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.service.SecretChange;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns raw JSON bodies into requests: accepts a record exactly as GET returned it (read-only
 * members are dropped after checking they do not contradict the path), tells an absent secret
 * (unchanged) from a null one (remove), applies JSON merge patches (RFC 7396), and reads If-Match.
 */
@ApplicationScoped
public class RequestBodies {

    /** Members of a returned record that a caller cannot set. */
    static final Set<String> READ_ONLY = Set.of("id", "orgId", "version", "clientSecretSet", "createdBy", "createdAt",
            "updatedBy", "updatedAt", "warnings");
    private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");

    private final ObjectMapper json;

    public RequestBodies(ObjectMapper json) {
        this.json = json;
    }

    /** A bound request and what it does to the secret. */
    public record Bound(OAuthConfigRequest request, SecretChange secret) {
    }

    public Bound bind(ObjectNode body, String orgId, String id) throws JsonProcessingException {
        ObjectNode copy = requireObject(body).deepCopy();
        SecretChange secret = stripReadOnlyAndSecret(copy, orgId, id);
        return new Bound(json.treeToValue(copy, OAuthConfigRequest.class), secret);
    }

    /** Applies a merge patch to the current record's writable members and binds the result. */
    public Bound mergePatch(OAuthConfigResponse current, ObjectNode patch, String orgId, String id) throws JsonProcessingException {
        ObjectNode p = requireObject(patch).deepCopy();
        SecretChange secret = stripReadOnlyAndSecret(p, orgId, id);
        ObjectNode target = json.valueToTree(current);
        READ_ONLY.forEach(target::remove);
        JsonNode merged = merge(target, p);
        return new Bound(json.treeToValue(merged, OAuthConfigRequest.class), secret);
    }

    /** RFC 7396: objects merge member by member, null removes, anything else replaces. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : ((ObjectNode) patch).objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), merge(result.get(f.getKey()), f.getValue()));
            }
        }
        return result;
    }

    private static ObjectNode requireObject(ObjectNode body) {
        if (body == null) {
            throw new ProblemException(ProblemType.MALFORMED, "a JSON object is required as the body");
        }
        return body;
    }

    private static SecretChange stripReadOnlyAndSecret(ObjectNode node, String orgId, String id) {
        JsonNode givenId = node.get("id");
        if (id != null && givenId != null && !givenId.isNull() && !id.equals(givenId.asText())) {
            throw Problems.invalid("id", "must be omitted or equal the id in the path");
        }
        JsonNode givenOrg = node.get("orgId");
        if (givenOrg != null && !givenOrg.isNull() && !orgId.equals(givenOrg.asText())) {
            throw Problems.invalid("orgId", "must be omitted or equal the organisation in the path");
        }
        READ_ONLY.forEach(node::remove);
        SecretChange secret;
        JsonNode s = node.get("clientSecret");
        if (s == null) {
            secret = SecretChange.KEEP;
        } else if (s.isNull()) {
            secret = SecretChange.CLEAR;
        } else if (s.isTextual()) {
            secret = SecretChange.set(s.textValue());
        } else {
            throw Problems.invalid("clientSecret", "must be a string, or null to remove it");
        }
        node.remove("clientSecret");
        return secret;
    }

    /**
     * The version an If-Match header names: null for {@code *}; 428 when the header is missing
     * (when required), 400 when it is not one of this service's ETags.
     */
    public static Long ifMatch(String header, boolean required) {
        if (header == null || header.isBlank()) {
            if (required) {
                throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                        "send If-Match with the ETag you read (e.g. If-Match: \"3\") so concurrent changes are not lost");
            }
            return null;
        }
        String h = header.trim();
        if (h.equals("*")) {
            return null;
        }
        Matcher m = ETAG.matcher(h);
        if (!m.matches()) {
            throw new ProblemException(ProblemType.VALIDATION, "If-Match: must be one strong ETag such as \"3\"",
                    List.of(new FieldError("If-Match", "must be one strong ETag such as \"3\"")), Map.of());
        }
        return Long.parseLong(m.group(1));
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
