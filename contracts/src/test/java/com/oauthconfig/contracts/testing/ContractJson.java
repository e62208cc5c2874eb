package com.oauthconfig.contracts.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.oauthconfig.contracts.ContractSchema;

/** Serialises contract records as the services do (ISO-8601 dates, nulls written), checked against their schema. */
public final class ContractJson {

    public static final ObjectMapper MAPPER = strict(new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    /** No silent coercion: a boolean or number where the contract has text is an error, not "true". */
    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    private ContractJson() {
    }

    /** The JSON of a contract record, after checking it against the record's schema. */
    public static String write(ContractSchema contract, Record value) {
        if (!contract.type().isInstance(value)) {
            throw new IllegalArgumentException(value.getClass() + " is not the record of " + contract);
        }
        try {
            return SchemaCheck.assertValid(contract, MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads JSON into a contract record strictly (no unknown members, no coercion). */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
