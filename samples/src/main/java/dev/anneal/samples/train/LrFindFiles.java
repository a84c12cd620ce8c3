package dev.anneal.samples.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.anneal.runtime.rangetest.LrRangeResult;
import dev.anneal.runtime.rangetest.LrRangeTest;
import dev.anneal.runtime.rangetest.LrSuggestion;
import dev.anneal.samples.plot.Charts;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of {@code anneal lr-find}, each written to a temporary file in the folder and renamed over
 * its name: {@code lr-find.csv} (columns {@code step,lr,loss,smoothed_loss}), {@code lr-find.json}
 * ({@code {"suggestions": {"valley": X, "steepest": Y, "minimum_over_10": Z}, ...}}), {@code lr-find.png}
 * and {@code lr-find.svg}.
 *
 * <pre>{@code
 * LrFindFiles.check(dir, false);                    // before the test: refuses a folder with files
 * LrFindFiles.write(result, Map.of("model", ...), dir);
 * }</pre>
 */
public final class LrFindFiles {
    /** The files {@link #write} makes, in order. */
    public static final List<String> NAMES = List.of("lr-find.csv", "lr-find.json", "lr-find.png", "lr-find.svg");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LrFindFiles() {
    }

    /**
     * Checks that {@code dir} may receive the files: it does not exist, is an empty folder, or (with
     * {@code overwrite}) any folder.
     *
     * @throws FileAlreadyExistsException when it is a file, or a folder with files and not {@code overwrite}
     */
    public static void check(Path dir, boolean overwrite) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "is a file, not a folder");
        }
        if (!overwrite && Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new FileAlreadyExistsException(dir.toString(), null,
                            "folder exists and is not empty (--overwrite replaces the lr-find files in it)");
                }
            }
        }
    }

    /** Writes the four files into {@code dir} (made if missing); {@code settings} go into the JSON as they are. */
    public static void write(LrRangeResult result, Map<String, Object> settings, Path dir) throws IOException {
        Files.createDirectories(dir);
        atomically(dir, "lr-find.csv", f -> Files.writeString(f, csv(result)));
        atomically(dir, "lr-find.json", f -> JSON.writeValue(f.toFile(), json(result, settings)));
        atomically(dir, "lr-find.png", f -> Charts.save(LrFindChart.of(result), f));
        atomically(dir, "lr-find.svg", f -> Charts.save(LrFindChart.of(result), f));
    }

    private interface Writer {
        void to(Path file) throws IOException;
    }

    /** Writes {@code .NAME.tmp.EXT} beside the target and renames it over {@code NAME}. */
    private static void atomically(Path dir, String name, Writer writer) throws IOException {
        String ext = name.substring(name.lastIndexOf('.'));
        Path tmp = dir.resolve("." + name.substring(0, name.length() - ext.length()) + ".tmp" + ext);
        try {
            writer.to(tmp);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Header {@code step,lr,loss,smoothed_loss}, one row per step run. */
    static String csv(LrRangeResult result) {
        StringBuilder s = new StringBuilder("step,lr,loss,smoothed_loss\n");
        for (LrRangeResult.Point p : result.points()) {
            s.append(p.step()).append(',').append(p.lr()).append(',').append(p.loss()).append(',')
                    .append(p.smoothedLoss()).append('\n');
        }
        return s.toString();
    }

    /** The suggestions (null when none), their details, the ramp, how the test ended, then {@code settings}. */
    static Map<String, Object> json(LrRangeResult result, Map<String, Object> settings) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> lrs = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (LrSuggestion.Kind kind : LrSuggestion.Kind.values()) {
            LrSuggestion s = result.suggestion(kind).orElse(null);
            lrs.put(kind.key(), s == null ? null : s.lr());
            details.put(kind.key(), s == null ? null : Map.of("lr", s.lr(), "step", s.step(),
                    "smoothedLoss", s.smoothedLoss()));
        }
        doc.put("suggestions", lrs);
        doc.put("suggestionDetails", details);
        doc.put("noSuggestion", result.noSuggestion());
        doc.put("ramp", result.ramp().toString());
        doc.put("baseLr", result.minLr());
        doc.put("minLr", result.minLr());
        doc.put("maxLr", result.maxLr());
        doc.put("steps", result.steps());
        doc.put("stepsRun", result.points().size());
        doc.put("stopReason", result.stopReason());
        doc.put("smoothingBeta", LrRangeTest.BETA);
        doc.put("divergenceFactor", LrRangeTest.DIVERGENCE);
        doc.putAll(settings);
        return doc;
    }
}
