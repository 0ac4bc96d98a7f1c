package org.assisted.imageservice.assisted;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code kernel_arguments} of an InfraEnv (docs/upstream-behaviour.md#infraenv-call): a JSON string whose content
 * is a JSON array of {@code {"operation": "append", "value": "..."}}, rendered as
 * {@code " " + values joined by " " + "\n"}. As upstream, values are not validated, and an empty array (or a
 * {@code "null"} string) renders as {@code " \n"}.
 */
final class InfraEnvKernelArguments {

    private static final String INFRA_ENV_TYPE = "handlers.infraEnv";
    private static final String KARG_TYPE = "isoeditor.kernelArgument";

    private InfraEnvKernelArguments() {
    }

    /**
     * @param infraEnvJson the infra-env response body
     * @return the rendered bytes, or empty when {@code kernel_arguments} is absent or null
     * @throws IllegalArgumentException with upstream's message when the body or the arguments are invalid
     */
    static Optional<byte[]> render(byte[] infraEnvJson) {
        Optional<String> encoded = kernelArgumentsField(infraEnvJson);
        if (encoded.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = appendValues(encoded.get());
        return Optional.of((" " + String.join(" ", values) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> kernelArgumentsField(byte[] json) {
        try (JsonParser parser = GoJsonFields.FACTORY.createParser(json)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw decodeError("json: cannot unmarshal " + GoJsonFields.kind(token) + " into Go value of type " + INFRA_ENV_TYPE);
            }
            Map<String, String> fields;
            try {
                fields = GoJsonFields.read(parser, Set.of("kernel_arguments"), INFRA_ENV_TYPE, true);
            } catch (IllegalArgumentException e) {
                throw decodeError(e.getMessage());
            }
            return Optional.ofNullable(fields.get("kernel_arguments"));
        } catch (JsonProcessingException e) {
            throw decodeError(e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> appendValues(String kernelArguments) {
        List<String> values = new ArrayList<>();
        try (JsonParser parser = GoJsonFields.FACTORY.createParser(kernelArguments)) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    values.add(appendValue(parser));
                }
            } else if (token != JsonToken.VALUE_NULL) {
                throw unmarshal("json: cannot unmarshal " + GoJsonFields.kind(token) + " into Go value of type []*" + KARG_TYPE);
            }
            if (parser.nextToken() != null) {
                throw unmarshal("invalid character after top-level value");
            }
        } catch (JsonProcessingException e) {
            throw unmarshal(e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    private static String appendValue(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw unmarshal("json: cannot unmarshal " + GoJsonFields.kind(parser.currentToken())
                    + " into Go value of type " + KARG_TYPE);
        }
        Map<String, String> fields;
        try {
            fields = GoJsonFields.read(parser, Set.of("operation", "value"), KARG_TYPE, false);
        } catch (IllegalArgumentException e) {
            throw unmarshal(e.getMessage());
        }
        String operation = fields.getOrDefault("operation", "");
        if (!operation.equals("append")) {
            throw new IllegalArgumentException("only 'append' operation is allowed.  got " + operation);
        }
        return fields.getOrDefault("value", "");
    }

    private static IllegalArgumentException decodeError(String detail) {
        return new IllegalArgumentException("failed to decode infra-env input: " + detail);
    }

    private static IllegalArgumentException unmarshal(String detail) {
        return new IllegalArgumentException("failed to unmarshal kernel arguments " + detail);
    }
}
