package com.oauthconfig.contracts.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.oauthconfig.contracts.ContractSchema;

/** Serialises contract records as the services do (ISO-8601 dates, nulls written), checked against their schema. */
public final class ContractJson {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
