package com.oauthconfig.contracts.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.oauthconfig.contracts.ContractSchema;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validates JSON against a contract's schema with a kept validator (networknt), formats asserted
 * (uuid, date-time, uri), so a test fails with the list of violations when a payload drifts from its schema.
 */
public final class SchemaCheck {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<ContractSchema, Schema> SCHEMAS = new EnumMap<>(ContractSchema.class);

    private SchemaCheck() {
    }

    private static synchronized Schema schema(ContractSchema contract) {
        return SCHEMAS.computeIfAbsent(contract, c -> REGISTRY.getSchema(c.text(), InputFormat.JSON));
    }

    /** The violations of {@code json} against the contract's schema; empty when it conforms. */
    public static List<String> violations(ContractSchema contract, String json) {
        return schema(contract).validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /** Returns {@code json} when it conforms; an AssertionError listing every violation otherwise. */
    public static String assertValid(ContractSchema contract, String json) {
        List<String> violations = violations(contract, json);
        if (!violations.isEmpty()) {
            throw new AssertionError(contract + " violated by " + json + ":\n  " + String.join("\n  ", violations));
        }
        return json;
    }
}
