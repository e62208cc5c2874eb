package com.oauthconfig.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import com.oauthconfig.contracts.testing.ContractJson;
import com.oauthconfig.contracts.testing.ContractSamples;
import com.oauthconfig.contracts.testing.SchemaCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schemas are the source of truth and the records are written by hand: this test holds each
 * record to its schema member by member (names both ways, JSON types, formats, enum values, which
 * members may be null, nested objects), and round-trips a sample through the schema.
 */
class ContractRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<ContractSchema, Record> SAMPLES = Map.ofEntries(
            Map.entry(ContractSchema.OAUTH_CONFIG_EXISTENCE_QUESTION, ContractSamples.existenceQuestion()),
            Map.entry(ContractSchema.OAUTH_CONFIG_EXISTENCE_ANSWER, ContractSamples.existenceAnswer()),
            Map.entry(ContractSchema.OAUTH_CONFIG_EVENT, ContractSamples.configEvent("org-1", UUID.randomUUID(), 2, ChangeType.UPDATED)),
            Map.entry(ContractSchema.CREDENTIAL_ALIAS_EVENT, ContractSamples.aliasEvent()),
            Map.entry(ContractSchema.OAUTH_CONFIG_INTERNAL, ContractSamples.internalConfig("org-1", UUID.randomUUID())),
            Map.entry(ContractSchema.OAUTH_CONFIG_SSO_ADMISSION_QUESTION, ContractSamples.ssoAdmissionQuestion()),
            Map.entry(ContractSchema.OAUTH_CONFIG_SSO_ADMISSION_ANSWER, ContractSamples.ssoAdmissionAnswer()),
            Map.entry(ContractSchema.ALIAS_REFERENCES, ContractSamples.references()),
            Map.entry(ContractSchema.ALIAS_RESOLUTION, ContractSamples.resolution()),
            Map.entry(ContractSchema.ALIAS_REQUIRED_CREDENTIALS, ContractSamples.requiredCredentials()),
            Map.entry(ContractSchema.CONFIG_DIRECT_USES, ContractSamples.directUses()));

    @ParameterizedTest
    @EnumSource(ContractSchema.class)
    void recordDeclaresExactlyTheSchemasMembersWithTheirTypes(ContractSchema contract) throws Exception {
        JsonNode schema = JSON.readTree(contract.text());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        List<String> problems = new ArrayList<>();
        compareObject(contract.type(), schema, "$", problems);
        assertTrue(problems.isEmpty(), contract + ": " + String.join("; ", problems));
    }

    @ParameterizedTest
    @EnumSource(ContractSchema.class)
    void aSampleSerialisesToValidJsonAndReadsBackEqual(ContractSchema contract) {
        Record sample = SAMPLES.get(contract);
        String json = ContractJson.write(contract, sample);
        assertEquals(sample, ContractJson.read(json, contract.type()));
    }

    @ParameterizedTest
    @EnumSource(ContractSchema.class)
    void theSchemaRefusesAnUndeclaredMember(ContractSchema contract) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(ContractJson.write(contract, SAMPLES.get(contract)));
        json.put("undeclared", "x");
        assertFalse(SchemaCheck.violations(contract, json.toString()).isEmpty());
    }

    @Test
    void recordsIgnoreMembersTheyDoNotKnowSoProducersCanAddOnes() throws Exception {
        for (ContractSchema contract : ContractSchema.values()) {
            ObjectNode json = (ObjectNode) JSON.readTree(ContractJson.write(contract, SAMPLES.get(contract)));
            json.put("addedLater", 1);
            assertEquals(SAMPLES.get(contract), ContractJson.read(json.toString(), contract.type()), contract.name());
        }
    }

    @Test
    void aConfigEventWithoutVersionOrIdsIsRefusedWhenRead() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(ContractJson.write(ContractSchema.OAUTH_CONFIG_EVENT,
                SAMPLES.get(ContractSchema.OAUTH_CONFIG_EVENT)));
        for (String member : List.of("version", "eventId", "configId", "orgId", "changeType")) {
            ObjectNode broken = json.deepCopy();
            broken.remove(member);
            assertThrows(IllegalStateException.class, () -> ContractJson.read(broken.toString(),
                    com.oauthconfig.contracts.config.OAuthConfigChangedEvent.class), member);
        }
    }

    @Test
    void anExistenceAnswerWithoutOneOfItsListsKeepsItAbsentAndBreaksTheSchema() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(ContractJson.write(ContractSchema.OAUTH_CONFIG_EXISTENCE_ANSWER,
                SAMPLES.get(ContractSchema.OAUTH_CONFIG_EXISTENCE_ANSWER)));
        json.remove("removed");
        assertFalse(SchemaCheck.violations(ContractSchema.OAUTH_CONFIG_EXISTENCE_ANSWER, json.toString()).isEmpty());
        // A consumer must be able to tell "no list" from "an empty list": the record does not fill it in.
        assertEquals(null, ContractJson.read(json.toString(), com.oauthconfig.contracts.config.ConfigExistenceAnswer.class).removed());
    }

    @Test
    void anExistenceQuestionOfNoneOrMoreThanFiveHundredIdsBreaksTheSchema() {
        assertFalse(SchemaCheck.violations(ContractSchema.OAUTH_CONFIG_EXISTENCE_QUESTION, "{\"ids\":[]}").isEmpty());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= com.oauthconfig.contracts.config.ConfigExistenceQuestion.MAX_IDS; i++) {
            ids.add("\"" + UUID.randomUUID() + "\"");
        }
        assertFalse(SchemaCheck.violations(ContractSchema.OAUTH_CONFIG_EXISTENCE_QUESTION,
                "{\"ids\":[" + String.join(",", ids) + "]}").isEmpty());
        assertTrue(SchemaCheck.violations(ContractSchema.OAUTH_CONFIG_EXISTENCE_QUESTION,
                "{\"ids\":[" + String.join(",", ids.subList(0, 500)) + "]}").isEmpty());
    }

    @Test
    void anSsoQuestionNeverPrintsItsEmailAndAnAnswerOfAnUnknownDecisionBreaksTheSchemaButStillReads() throws Exception {
        String printed = ContractSamples.ssoAdmissionQuestion().toString();
        assertFalse(printed.contains("ann@acme.example"), printed);
        ObjectNode json = (ObjectNode) JSON.readTree(ContractJson.write(ContractSchema.OAUTH_CONFIG_SSO_ADMISSION_ANSWER,
                SAMPLES.get(ContractSchema.OAUTH_CONFIG_SSO_ADMISSION_ANSWER)));
        json.put("decision", "SOMETHING_NEW").put("admitted", false);
        assertFalse(SchemaCheck.violations(ContractSchema.OAUTH_CONFIG_SSO_ADMISSION_ANSWER, json.toString()).isEmpty());
        com.oauthconfig.contracts.config.SsoAdmissionAnswer read = JSON.readValue(json.toString(),
                com.oauthconfig.contracts.config.SsoAdmissionAnswer.class);
        assertEquals("SOMETHING_NEW", read.decision());
        assertFalse(read.admitted());
    }

    @Test
    void onlyARemovalOrAnUpdateNamingAProviderFieldMayRetireUsersTokens() {
        Set<String> members = Arrays.stream(OAuthConfigChangedEvent.Config.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(java.util.stream.Collectors.toSet());
        for (String field : OAuthConfigChangedEvent.PROVIDER_FIELDS) {
            assertTrue(members.contains(field), field + " is a member of the event's config, so changedFields can name it");
            assertTrue(OAuthConfigChangedEvent.mayRetireTokens(ChangeType.UPDATED, List.of("name", field)), field);
            assertFalse(OAuthConfigChangedEvent.mayRetireTokens(ChangeType.CREATED, List.of(field)), "a creation: " + field);
        }
        assertTrue(OAuthConfigChangedEvent.PROVIDER_FIELDS.containsAll(OAuthConfigChangedEvent.CONSENT_FIELDS));
        assertTrue(OAuthConfigChangedEvent.mayRetireTokens(ChangeType.REMOVED, List.of()));
        assertFalse(OAuthConfigChangedEvent.mayRetireTokens(ChangeType.UPDATED,
                List.of("name", "title", "redirectUrls", "domains", "clientSecret", "ssoEnabled", "apiHosts", "usePkce")));
    }

    @Test
    void theInternalReadNeverPrintsItsSecret() {
        String printed = ContractSamples.internalConfig("org-1", UUID.randomUUID()).toString();
        assertFalse(printed.contains("fake-secret"), printed);
    }

    private static void compareObject(Class<?> type, JsonNode schema, String path, List<String> problems) {
        if (!type.isRecord()) {
            problems.add(path + ": " + type.getSimpleName() + " is not a record");
            return;
        }
        if (!schema.path("additionalProperties").isBoolean() || schema.get("additionalProperties").asBoolean()) {
            problems.add(path + ": schema must say additionalProperties false");
        }
        Set<String> declared = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(declared::add);
        Set<String> components = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).forEach(components::add);
        if (!declared.equals(components)) {
            problems.add(path + ": schema members " + declared + " but record components " + components);
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        if (!declared.containsAll(required)) {
            problems.add(path + ": required " + required + " not all declared");
        }
        for (RecordComponent c : type.getRecordComponents()) {
            JsonNode member = schema.path("properties").get(c.getName());
            if (member != null) {
                compareValue(c.getGenericType(), member, path + "." + c.getName(), problems);
            }
        }
    }

    private static void compareValue(Type type, JsonNode schema, String path, List<String> problems) {
        Set<String> types = new HashSet<>();
        JsonNode t = schema.get("type");
        if (t != null && t.isArray()) {
            t.forEach(x -> types.add(x.asText()));
        } else if (t != null) {
            types.add(t.asText());
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isPrimitive() && types.contains("null")) {
            problems.add(path + ": schema allows null but " + raw + " cannot be null");
        }
        if (raw.isEnum()) {
            Set<String> values = new TreeSet<>();
            schema.path("enum").forEach(v -> values.add(v.asText()));
            Set<String> constants = new TreeSet<>();
            Arrays.stream(raw.getEnumConstants()).map(e -> ((Enum<?>) e).name()).forEach(constants::add);
            if (!values.equals(constants)) {
                problems.add(path + ": schema enum " + values + " but " + raw.getSimpleName() + " " + constants);
            }
            return;
        }
        String expected;
        String format = null;
        if (raw == String.class) {
            expected = "string";
        } else if (raw == UUID.class) {
            expected = "string";
            format = "uuid";
        } else if (raw == Instant.class) {
            expected = "string";
            format = "date-time";
        } else if (raw == long.class || raw == int.class || raw == Long.class || raw == Integer.class) {
            expected = "integer";
        } else if (raw == boolean.class || raw == Boolean.class) {
            expected = "boolean";
        } else if (raw == List.class) {
            expected = "array";
        } else if (raw.isRecord()) {
            expected = "object";
        } else {
            problems.add(path + ": no JSON mapping for " + raw);
            return;
        }
        if (!types.contains(expected)) {
            problems.add(path + ": " + raw.getSimpleName() + " is JSON " + expected + " but the schema says " + types);
        }
        types.remove(expected);
        types.remove("null");
        if (!types.isEmpty()) {
            problems.add(path + ": the schema also allows " + types + " which " + raw.getSimpleName() + " cannot hold");
        }
        if (format != null && !format.equals(schema.path("format").asText())) {
            problems.add(path + ": " + raw.getSimpleName() + " needs format " + format);
        }
        if (raw == List.class) {
            compareValue(((ParameterizedType) type).getActualTypeArguments()[0], schema.path("items"), path + "[]", problems);
        } else if (raw.isRecord()) {
            compareObject(raw, schema, path, problems);
        }
    }
}
