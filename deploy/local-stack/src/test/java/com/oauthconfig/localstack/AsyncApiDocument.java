package com.oauthconfig.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docs/asyncapi.yaml as a validator of real records: the channel is found by the record's topic,
 * and the record must match one of the channel's messages — its headers (the CloudEvents
 * attributes), its key and its value against that message's schemas. Local references are
 * resolved in the document, file references relative to it (the services' JSON Schemas).
 */
final class AsyncApiDocument {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Formats asserted (uuid, date-time, uri), as the contracts module's own SchemaCheck does. */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private final Path file;
    private final JsonNode doc;

    private AsyncApiDocument(Path file, JsonNode doc) {
        this.file = file;
        this.doc = doc;
    }

    static AsyncApiDocument load(Path file) throws IOException {
        return new AsyncApiDocument(file, YAML.readTree(file.toFile()));
    }

    String version() {
        return doc.path("asyncapi").asText();
    }

    /** The channel addresses (topics) the document describes. */
    Set<String> topics() {
        Set<String> topics = new java.util.TreeSet<>();
        doc.path("channels").forEach(c -> topics.add(c.path("address").asText()));
        return topics;
    }

    /**
     * The problems of a record against every message of its channel; empty when one message
     * matches it entirely (headers, key, payload).
     */
    List<String> violations(ConsumerRecord<String, String> record) {
        JsonNode channel = null;
        for (JsonNode c : doc.path("channels")) {
            if (c.path("address").asText().equals(record.topic())) {
                channel = c;
            }
        }
        if (channel == null) {
            return List.of("no channel for topic " + record.topic());
        }
        ObjectNode headers = JSON.createObjectNode();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        JsonNode value;
        try {
            value = JSON.readTree(record.value());
        } catch (IOException e) {
            return List.of("value is not JSON: " + e.getMessage());
        }
        List<String> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = channel.path("messages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode message = resolve(m.getValue());
            List<String> problems = new ArrayList<>();
            check("headers", message.path("headers"), headers, problems);
            check("key", message.path("bindings").path("kafka").path("key"), JSON.getNodeFactory().textNode(record.key()), problems);
            check("payload", message.path("payload"), value, problems);
            if (problems.isEmpty()) {
                return List.of();
            }
            all.add(m.getKey() + ": " + problems);
        }
        return all;
    }

    private void check(String part, JsonNode schema, JsonNode instance, List<String> problems) {
        if (schema.isMissingNode()) {
            problems.add(part + ": the message has no schema for it");
            return;
        }
        try {
            for (Error e : SCHEMAS.getSchema(JSON.writeValueAsString(inline(schema)), InputFormat.JSON)
                    .validate(JSON.writeValueAsString(instance), InputFormat.JSON)) {
                problems.add(part + " " + e);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node with every {@code $ref} replaced by what it points at (in this document or a file next to it). */
    private JsonNode inline(JsonNode node) {
        return inline(node, file.getParent(), doc);
    }

    private JsonNode inline(JsonNode node, Path base, JsonNode root) {
        if (node.isObject() && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (ref.startsWith("#")) {
                return inline(root.at(ref.substring(1)), base, root);
            }
            Path target = base.resolve(ref).normalize();
            try {
                ObjectNode external = (ObjectNode) JSON.readTree(target.toFile());
                // Inlined, the external schema must not move the base URI or declare another dialect.
                external.remove("$schema");
                external.remove("$id");
                return inline(external, target.getParent(), external);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + target + " referenced by " + file, e);
            }
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), inline(e.getValue(), base, root)));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(n -> copy.add(inline(n, base, root)));
            return copy;
        }
        return node;
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? resolve(doc.at(node.get("$ref").asText().substring(1))) : node;
    }
}
