package com.oauthconfig.config.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oauthconfig.config.rest.OAuthConfigResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Works out what a write changed (for the audit log and the event's {@code changedFields}) and
 * appends audit entries. The secret's value is never compared or written: it appears only as
 * {@code {"field":"clientSecret","change":"changed"}}.
 */
@ApplicationScoped
public class AuditService {

    public static final String SECRET_FIELD = "clientSecret";
    /** Bookkeeping members that change on every write and are not "what changed". */
    private static final Set<String> NOT_DIFFED = Set.of("id", "orgId", "version", "clientSecretSet", "createdBy",
            "createdAt", "updatedBy", "updatedAt");

    private final ObjectMapper json;

    public AuditService(ObjectMapper json) {
        this.json = json;
    }

    /** The changes between two views of a record; {@code before} null means it was just created. */
    public record Diff(List<String> changedFields, ArrayNode changes) {
        public boolean isEmpty() {
            return changedFields.isEmpty();
        }
    }

    public Diff diff(OAuthConfigResponse before, OAuthConfigResponse after, boolean secretChanged) {
        JsonNode a = before == null ? json.createObjectNode() : json.valueToTree(before);
        JsonNode b = json.valueToTree(after);
        Set<String> fields = new LinkedHashSet<>();
        ArrayNode changes = json.createArrayNode();
        Iterator<String> names = b.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (NOT_DIFFED.contains(name)) {
                continue;
            }
            JsonNode from = a.path(name);
            JsonNode to = b.path(name);
            if (to.isObject()) {
                Iterator<String> inner = to.fieldNames();
                while (inner.hasNext()) {
                    String sub = inner.next();
                    addIfDifferent(changes, fields, name, name + "." + sub, from.path(sub), to.path(sub));
                }
            } else {
                addIfDifferent(changes, fields, name, name, from, to);
            }
        }
        if (secretChanged) {
            fields.add(SECRET_FIELD);
            changes.addObject().put("field", SECRET_FIELD).put("change", "changed");
        }
        return new Diff(new ArrayList<>(fields), changes);
    }

    private void addIfDifferent(ArrayNode changes, Set<String> fields, String top, String path, JsonNode from, JsonNode to) {
        JsonNode f = from.isMissingNode() ? NullNode.instance : from;
        JsonNode t = to.isMissingNode() ? NullNode.instance : to;
        if (f.equals(t)) {
            return;
        }
        fields.add(top);
        ObjectNode change = changes.addObject();
        change.put("field", path);
        change.set("from", f);
        change.set("to", t);
    }

    /** Appends one entry in {@code tx}, the transaction of the change. */
    public Uni<Void> record(SqlConnection tx, String orgId, UUID configId, long version, String action, String actor, ArrayNode changes) {
        return tx.preparedQuery("insert into oauth_config_audit (org_id, config_id, config_version, action, actor, at, changes) "
                        + "values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(List.of(orgId, configId, version, action, actor, Instant.now().atOffset(ZoneOffset.UTC), changes.toString())))
                .replaceWithVoid();
    }
}
