package org.assisted.imageservice.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assisted.imageservice.config.EnvReader.Setting;
import org.assisted.imageservice.json.JsonMappers;

/**
 * Strict JSON for variables whose values are objects of strings, as Go unmarshals them into
 * {@code map[string]string}: every value must be a JSON string, a repeated key keeps its last value,
 * a top-level {@code null} is an empty value, trailing data is an error.
 */
final class JsonStringObjects {

    private static final JsonFactory FACTORY = JsonMappers.factoryBuilder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private JsonStringObjects() {
    }

    /** An array of objects of strings (OS_IMAGES). */
    static List<Map<String, String>> parseList(Setting setting) {
        try (JsonParser parser = FACTORY.createParser(setting.value())) {
            List<Map<String, String>> list = new ArrayList<>();
            JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_NULL) {
                if (token != JsonToken.START_ARRAY) {
                    throw new ConfigException(setting.name() + ": must be a JSON array of objects");
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String context = "entry " + list.size() + ": ";
                    if (parser.currentToken() != JsonToken.START_OBJECT) {
                        throw new ConfigException(setting.name() + ": " + context + "must be a JSON object");
                    }
                    list.add(readObject(parser, setting, context));
                }
            }
            expectEnd(parser, setting);
            return list;
        } catch (JsonProcessingException e) {
            throw syntaxError(setting, e, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One object of strings (request headers, query parameters).
     *
     * @param secret when true, no part of the value appears in error messages
     */
    static Map<String, String> parseObject(Setting setting, boolean secret) {
        try (JsonParser parser = FACTORY.createParser(setting.value())) {
            Map<String, String> map = new LinkedHashMap<>();
            JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_NULL) {
                if (token != JsonToken.START_OBJECT) {
                    throw new ConfigException(setting.name() + ": must be a JSON object of strings");
                }
                map = readObject(parser, setting, "");
            }
            expectEnd(parser, setting);
            return map;
        } catch (JsonProcessingException e) {
            throw syntaxError(setting, e, secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readObject(JsonParser parser, Setting setting, String context)
            throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw new ConfigException(setting.name() + ": " + context + "value of " + EnvReader.quote(key)
                        + " must be a JSON string");
            }
            map.put(key, parser.getText());
        }
        return map;
    }

    private static void expectEnd(JsonParser parser, Setting setting) throws IOException {
        if (parser.nextToken() != null) {
            throw new ConfigException(setting.name() + ": unexpected data after the JSON value");
        }
    }

    private static ConfigException syntaxError(Setting setting, JsonProcessingException e, boolean secret) {
        JsonLocation location = e.getLocation();
        String where = location == null ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String detail = secret ? "" : ": " + e.getOriginalMessage();
        return new ConfigException(setting.name() + ": invalid JSON" + where + detail);
    }
}
