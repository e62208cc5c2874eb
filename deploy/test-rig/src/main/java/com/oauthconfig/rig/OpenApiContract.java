package com.oauthconfig.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks every service's OpenAPI document must pass: it is the committed one (the packaged
 * build writes it to the module's src/main/openapi-generated/, and that file is committed, so a
 * changed API shows up in review), and it is complete — every operation described, every error
 * answer an {@code application/problem+json} schema of the catalogue, the bearer scheme declared
 * and required wherever a token is.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiContract() {
    }

    /** The committed document of a module, resolved from the test's working directory (the module). */
    public static Path committed() {
        return Path.of("src/main/openapi-generated/openapi.json").toAbsolutePath();
    }

    /** Fails with the differing places, and how to regenerate, when {@code served} is not the committed document. */
    public static void assertMatchesCommitted(String served, Path committed) throws IOException {
        if (!Files.exists(committed)) {
            throw new AssertionError(committed + " is missing: build the module (./mvnw -B -DskipTests package -pl <module> -am) and commit it");
        }
        JsonNode want = JSON.readTree(Files.readString(committed));
        JsonNode got = JSON.readTree(served);
        List<String> differences = new ArrayList<>();
        diff("", want, got, differences);
        if (!differences.isEmpty()) {
            throw new AssertionError("the served OpenAPI document drifted from " + committed + " at "
                    + differences.subList(0, Math.min(15, differences.size())) + (differences.size() > 15 ? " …" : "")
                    + ". If the API change is intended, package the module (./mvnw -B -DskipTests package -pl <module> -am),"
                    + " which rewrites the file, and commit it.");
        }
    }

    /**
     * Every operation has a summary; every 4xx/5xx answer has a body schema, problem+json wherever the
     * catalogue has a type of that status (otherwise, e.g. the token-service's 502/504 in the apps'
     * own error format, at least one schema); operations outside
     * {@code publicOperations} ("GET /path") require the bearer scheme; each catalogue type is a schema.
     */
    public static void assertComplete(String served, Set<String> publicOperations, Set<String> catalogueSlugs) throws IOException {
        JsonNode doc = JSON.readTree(served);
        List<String> problems = new ArrayList<>();
        JsonNode scheme = doc.path("components").path("securitySchemes").path("platform-token");
        if (!"http".equals(scheme.path("type").asText()) || !"bearer".equals(scheme.path("scheme").asText())
                || !"JWT".equals(scheme.path("bearerFormat").asText())) {
            problems.add("securitySchemes.platform-token is not an HTTP bearer JWT scheme: " + scheme);
        }
        JsonNode schemas = doc.path("components").path("schemas");
        Set<String> catalogueStatuses = new java.util.TreeSet<>();
        for (String slug : catalogueSlugs) {
            if (!schemas.has("Problem-" + slug)) {
                problems.add("no schema Problem-" + slug + " for the catalogue type " + slug);
            }
            catalogueStatuses.add(schemas.path("Problem-" + slug).path("properties").path("status").path("const").asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = op.getValue();
                String summary = operation.path("summary").asText("");
                if (summary.isBlank() || summary.split("\\s+").length < 3) {
                    problems.add(name + ": no summary that says what it does ('" + summary + "')");
                }
                boolean secured = operation.path("security").toString().contains("platform-token");
                if (publicOperations.contains(name) == secured) {
                    problems.add(name + (secured ? ": public, but documented as needing a token" : ": needs a token, but declares no security"));
                }
                for (Iterator<Map.Entry<String, JsonNode>> rs = operation.path("responses").fields(); rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = rs.next();
                    boolean problemJson = !r.getValue().path("content").path("application/problem+json").path("schema").isMissingNode();
                    if (r.getKey().matches("[45]\\d\\d") && !problemJson
                            && (catalogueStatuses.contains(r.getKey()) || !hasSchema(r.getValue().path("content")))) {
                        problems.add(name + " " + r.getKey() + ": no application/problem+json schema");
                    }
                    if (r.getValue().path("description").asText("").isBlank()) {
                        problems.add(name + " " + r.getKey() + ": no description");
                    }
                }
                for (String always : List.of("401", "429", "500", "503")) {
                    if ((secured || !always.equals("401")) && !operation.path("responses").has(always)) {
                        problems.add(name + ": does not document " + always);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the OpenAPI document is incomplete:\n  " + String.join("\n  ", problems));
        }
    }

    private static boolean hasSchema(JsonNode content) {
        for (JsonNode media : content) {
            if (media.has("schema")) {
                return true;
            }
        }
        return false;
    }

    private static void diff(String at, JsonNode want, JsonNode got, List<String> out) {
        if (want.isObject() && got.isObject()) {
            Set<String> names = new java.util.TreeSet<>();
            want.fieldNames().forEachRemaining(names::add);
            got.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                if (!want.has(n)) {
                    out.add(at + "/" + n + " (new)");
                } else if (!got.has(n)) {
                    out.add(at + "/" + n + " (gone)");
                } else {
                    diff(at + "/" + n, want.get(n), got.get(n), out);
                }
            }
        } else if (!want.equals(got)) {
            out.add(at.isEmpty() ? "/" : at);
        }
    }
}
