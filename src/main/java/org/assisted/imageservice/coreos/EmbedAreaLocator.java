package org.assisted.imageservice.coreos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.iso.ImageReader;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoFileSystem;
import org.assisted.imageservice.iso.IsoFormatException;
import org.assisted.imageservice.json.JsonMappers;

/**
 * Locates the ignition (docs/upstream-behaviour.md#locating-the-ignition-area) and kernel-argument
 * (#writing-kernel-arguments) embed areas of an image.
 */
final class EmbedAreaLocator {

    /** Files patched when {@code kargs.json} is absent (upstream {@code pkg/isoeditor/kargs.go}). */
    static final List<String> DEFAULT_KARGS_FILES =
            List.of(RhcosPaths.GRUB_CONFIG_PATH, RhcosPaths.ISOLINUX_CONFIG_PATH);
    /** Largest {@code igninfo.json} / {@code kargs.json} accepted; real ones are under 1 KiB. */
    private static final int MAX_JSON_BYTES = 64 * 1024;
    /** Largest file searched for the kargs marker; boot loader configurations are a few KiB. */
    private static final int MAX_KARGS_FILE_BYTES = 1024 * 1024;
    private static final Pattern KARGS_MARKER = Pattern.compile("(\n#*)# COREOS_KARG_EMBED_AREA");
    private static final ObjectMapper JSON = JsonMappers.mapperBuilder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private EmbedAreaLocator() {
    }

    /**
     * The ignition area: from {@code /coreos/igninfo.json} when present, else the whole
     * {@code /images/ignition.img}; empty when neither exists.
     */
    static Optional<EmbedArea> ignitionArea(IsoFileSystem fs, ImageReader reader) throws IOException {
        Optional<IsoFile> info = fs.find(RhcosPaths.IGNINFO_PATH);
        if (info.isEmpty()) {
            return fs.find(RhcosPaths.DEFAULT_IGNITION_PATH).map(f -> new EmbedArea(f.path(), f.offset(), f.size()));
        }
        JsonNode json = parseObject(reader.readFile(info.get(), MAX_JSON_BYTES), info.get().path());
        JsonNode file = json.get("file");
        if (file == null || !file.isTextual()) {
            throw new IsoFormatException(info.get().path() + " has no string field 'file'");
        }
        IsoFile target = fs.find(file.asText()).orElseThrow(() -> new IsoFormatException(info.get().path()
                + " names '" + file.asText() + "', which is not in the image"));
        return Optional.of(ignitionArea(target, nonNegative(json, "offset", info.get()),
                nonNegative(json, "length", info.get())));
    }

    /**
     * Applies the igninfo.json rule: length 0 (or absent) means "to the end of the file", as coreos-installer
     * does (upstream uses the whole file only when offset is also 0).
     */
    static EmbedArea ignitionArea(IsoFile file, long offset, long length) throws IsoFormatException {
        long areaLength = length == 0 ? file.size() - offset : length;
        if (offset > file.size() || areaLength > file.size() - offset) {
            throw new IsoFormatException(file.offset(), "ignition area at offset " + offset + " length " + length
                    + " lies outside " + file.path() + " (" + file.size() + " bytes)");
        }
        return new EmbedArea(file.path(), file.offset() + offset, areaLength);
    }

    /** The kargs areas, or why there are none; I/O errors propagate, a malformed kargs.json gives INVALID. */
    static KargsAreas kargsAreas(IsoFileSystem fs, ImageReader reader) throws IOException {
        List<String> paths = DEFAULT_KARGS_FILES;
        Optional<IsoFile> json = fs.find(RhcosPaths.KARGS_JSON_PATH);
        if (json.isPresent()) {
            try {
                paths = kargsFiles(reader.readFile(json.get(), MAX_JSON_BYTES), json.get().path());
            } catch (IsoFormatException e) {
                return KargsAreas.invalid(e.getMessage());
            }
        }
        List<EmbedArea> areas = new ArrayList<>();
        for (String path : paths) {
            Optional<IsoFile> file = fs.find(path);
            if (file.isEmpty()) {
                return KargsAreas.unsupported(path + " is not in the image");
            }
            if (file.get().size() > MAX_KARGS_FILE_BYTES) {
                return KargsAreas.unsupported(path + " is " + file.get().size() + " bytes, too large for a boot "
                        + "loader configuration with a kargs embed area");
            }
            byte[] content = reader.read(file.get().offset(), file.get().size(), file.get().path());
            Optional<EmbedArea> area = kargsArea(file.get().path(), content, file.get().offset());
            if (area.isEmpty()) {
                return KargsAreas.unsupported(path + " has no COREOS_KARG_EMBED_AREA marker");
            }
            areas.add(area.get());
        }
        return KargsAreas.supported(areas);
    }

    /**
     * Finds the first match of {@code (\n#*)# COREOS_KARG_EMBED_AREA} in a file's content.
     *
     * @param file       ISO path of the file, for the area's description
     * @param content    the file's bytes
     * @param fileOffset absolute image offset of the file's extent
     * @return the area from the captured {@code \n} (absolute offset) over the length of the capture
     */
    static Optional<EmbedArea> kargsArea(String file, byte[] content, long fileOffset) {
        Matcher matcher = KARGS_MARKER.matcher(new String(content, StandardCharsets.ISO_8859_1));
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(new EmbedArea(file, fileOffset + matcher.start(1), matcher.end(1) - matcher.start(1)));
    }

    /** {@code files[].path} of a kargs.json document, in order (docs/upstream-behaviour.md#kargs-file-format). */
    static List<String> kargsFiles(byte[] content, String jsonPath) throws IsoFormatException {
        JsonNode files = parseObject(content, jsonPath).get("files");
        if (files == null || !files.isArray()) {
            throw new IsoFormatException(jsonPath + " has no array field 'files'");
        }
        List<String> paths = new ArrayList<>();
        for (JsonNode file : files) {
            JsonNode path = file.get("path");
            if (path == null || !path.isTextual()) {
                throw new IsoFormatException(jsonPath + " has a 'files' entry without a string 'path'");
            }
            paths.add(path.asText());
        }
        return paths;
    }

    private static JsonNode parseObject(byte[] content, String path) throws IsoFormatException {
        try {
            JsonNode node = JSON.readTree(content);
            if (node == null || !node.isObject()) {
                throw new IsoFormatException(path + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IsoFormatException(path + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IsoFormatException(path + " cannot be parsed: " + e.getMessage());
        }
    }

    private static long nonNegative(JsonNode json, String field, IsoFile file) throws IsoFormatException {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IsoFormatException(file.path() + " field '" + field + "' is not a non-negative integer");
        }
        return value.asLong();
    }
}
