package com.oauthconfig.config.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/** Stores a list of strings as a JSON array in a text column: portable, and readable in psql. */
@Converter
public class StringListConverter implements AttributeConverter<List<String>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(List<String> values) {
        return toColumn(values);
    }

    @Override
    public List<String> convertToEntityAttribute(String column) {
        return fromColumn(column);
    }

    /** The column's text for a list; also for the writes on the plain SQL client. */
    public static String toColumn(List<String> values) {
        try {
            return JSON.writeValueAsString(values == null ? List.of() : values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    /** The list a column holds (empty for none). */
    public static List<String> fromColumn(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(column, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("column is not a JSON array of strings", e);
        }
    }
}
