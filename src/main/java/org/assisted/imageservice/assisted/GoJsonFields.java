package org.assisted.imageservice.assisted;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.assisted.imageservice.json.JsonMappers;

/**
 * Reads string fields of a JSON object the way Go's encoding/json fills a struct: keys match the field
 * names case-insensitively, a repeated key overwrites, other keys are skipped, a non-string value is an error.
 */
final class GoJsonFields {

    static final JsonFactory FACTORY = JsonMappers.factoryBuilder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private GoJsonFields() {
    }

    /**
     * @param parser     positioned on {@code START_OBJECT}; left on the matching {@code END_OBJECT}
     * @param fields     lower-case field names to collect
     * @param goType     type name used in error messages, e.g. {@code handlers.payload}
     * @param nullClears true for Go pointer fields (null resets), false for string fields (null is ignored)
     * @return field name (lower case) to its last string value
     * @throws IllegalArgumentException when a collected field holds a non-string value
     */
    static Map<String, String> read(JsonParser parser, Set<String> fields, String goType, boolean nullClears)
            throws IOException {
        Map<String, String> values = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName().toLowerCase(Locale.ROOT);
            JsonToken value = parser.nextToken();
            if (!fields.contains(field)) {
                parser.skipChildren();
            } else if (value == JsonToken.VALUE_STRING) {
                values.put(field, parser.getText());
            } else if (value == JsonToken.VALUE_NULL) {
                if (nullClears) {
                    values.remove(field);
                }
            } else {
                throw new IllegalArgumentException("json: cannot unmarshal " + kind(value)
                        + " into Go struct field " + goType + "." + field + " of type string");
            }
        }
        return values;
    }

    /** Go's name for the JSON kind that starts with this token. */
    static String kind(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }
}
