package org.assisted.imageservice.minimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.assisted.imageservice.json.JsonMappers;

/**
 * {@code coreos/kargs.json} (docs/upstream-behaviour.md#kargs-file-format) and its update for the minimal ISO
 * (#minimal-iso-kargs-update). Unknown keys are dropped; {@link #toJson} writes the keys {@code default}, {@code files}
 * ({@code end}, {@code offset}, {@code pad}, {@code path}; absent ones omitted), {@code size}, indented by two spaces,
 * as upstream's Go encoder does.
 *
 * @param defaultKargs default kernel arguments
 * @param files        files holding an embed area
 * @param size         embed area length in bytes
 */
public record MinimalIsoKargs(String defaultKargs, List<File> files, long size) {

    /**
     * @param path   ISO path without leading slash, e.g. {@code isolinux/isolinux.cfg}
     * @param offset byte offset of the area in that file
     * @param pad    pad character, {@code null} when absent
     * @param end    terminator character, {@code null} when absent
     */
    public record File(String path, long offset, String pad, String end) {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    private static final ObjectMapper MAPPER = JsonMappers.mapperBuilder().build();

    public MinimalIsoKargs {
        Objects.requireNonNull(defaultKargs, "defaultKargs");
        files = List.copyOf(files);
    }

    public static MinimalIsoKargs parse(byte[] json) throws MinimalIsoException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new MinimalIsoException("invalid kargs.json: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MinimalIsoException("invalid kargs.json: not a JSON object");
        }
        List<File> files = new ArrayList<>();
        for (JsonNode file : root.path("files")) {
            files.add(new File(file.path("path").asText(), file.path("offset").asLong(), text(file, "pad"), text(file, "end")));
        }
        return new MinimalIsoKargs(root.path("default").asText(), files, root.path("size").asLong());
    }

    /** Offsets of the entry for {@code path} moved by {@code edits} applied to that file, in order. */
    public MinimalIsoKargs shifted(String path, List<MinimalIsoEdit> edits) throws MinimalIsoException {
        List<File> shifted = new ArrayList<>();
        for (File file : files) {
            long offset = file.offset();
            if (file.path().equals(path)) {
                for (MinimalIsoEdit edit : edits) {
                    offset = edit.shift(offset);
                }
            }
            shifted.add(new File(file.path(), offset, file.pad(), file.end()));
        }
        return new MinimalIsoKargs(defaultKargs, shifted, size);
    }

    /** Default kargs edited like the configs; {@code size} grows by the length difference. */
    public MinimalIsoKargs withRootfsUrl(String rootfsUrl) throws MinimalIsoException {
        String edited = MinimalIsoConfig.fixDefaultKargs(defaultKargs, rootfsUrl);
        return new MinimalIsoKargs(edited, files, size + edited.length() - defaultKargs.length());
    }

    /** UTF-8 JSON without trailing newline. */
    public byte[] toJson() {
        StringBuilder json = new StringBuilder("{\n  \"default\": ").append(quote(defaultKargs)).append(",\n  \"files\": ");
        if (files.isEmpty()) {
            json.append("[]");
        } else {
            json.append("[\n");
            for (int i = 0; i < files.size(); i++) {
                appendFile(json, files.get(i));
                json.append(i + 1 < files.size() ? ",\n" : "\n");
            }
            json.append("  ]");
        }
        json.append(",\n  \"size\": ").append(size).append("\n}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendFile(StringBuilder json, File file) {
        List<String> fields = new ArrayList<>();
        if (file.end() != null) {
            fields.add("\"end\": " + quote(file.end()));
        }
        fields.add("\"offset\": " + file.offset());
        if (file.pad() != null) {
            fields.add("\"pad\": " + quote(file.pad()));
        }
        fields.add("\"path\": " + quote(file.path()));
        json.append("    {\n      ").append(String.join(",\n      ", fields)).append("\n    }");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** JSON string as Go's encoder writes it (also escaping {@code & < >}). */
    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c < 0x20 || c == '&' || c == '<' || c == '>' || c == '\u2028' || c == '\u2029'
                        ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}
