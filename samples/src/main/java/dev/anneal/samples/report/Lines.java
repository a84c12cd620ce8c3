package dev.anneal.samples.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading a folder's files while they may be written: a JSON file that is absent or not (yet) whole
 * reads as null, a JSON-lines file gives its complete lines only (a last line without its newline is
 * still being written), and a CSV file with a header gives one map per row.
 *
 * <pre>{@code
 * List<JsonNode> epochs = Lines.jsonLines(dir.resolve("epochs.jsonl"));
 * }</pre>
 */
final class Lines {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.SKIP_EMPTY_LINES);

    private Lines() {
    }

    /** The JSON object in {@code file}, or null when it is missing or cannot be read whole. */
    static ObjectNode json(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return n instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The complete lines of {@code file} that are JSON objects, in order; none when it is missing. */
    static List<JsonNode> jsonLines(Path file) {
        List<JsonNode> out = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return out;
        }
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (i > start) {
                    try {
                        JsonNode n = JSON.readTree(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                        if (n != null && n.isObject()) {
                            out.add(n);
                        }
                    } catch (IOException e) {
                        // a damaged line: left out, the rest still shown
                    }
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** The rows of a CSV file with a header, as maps from column to cell; none when it is missing. */
    static List<Map<String, String>> csv(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (var it = CSV.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                .<Map<String, String>>readValues(file.toFile())) {
            return it.readAll();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
