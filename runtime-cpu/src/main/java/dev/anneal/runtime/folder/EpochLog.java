package dev.anneal.runtime.folder;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.StepRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run folder's {@code epochs.jsonl}: one JSON line per finished epoch ({@code {"epoch": {...},
 * "steps": [...]}}), appended and forced as each epoch ends, cut back to a checkpoint's epochs when a
 * run resumes, and read back for a checkpoint that keeps its history there.
 */
public final class EpochLog {
    private static final ObjectMapper LINE = new ObjectMapper();

    private EpochLog() {
    }

    /** The log's first {@code epochs} entries, for a checkpoint that keeps its history there. */
    public static void read(Path log, int epochs, List<EpochRecord> records, List<StepRecord> steps) {
        if (!Files.isRegularFile(log)) {
            throw new IllegalArgumentException("the history of this checkpoint is in " + log + ", which is missing");
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.limit(epochs).toList();
            if (all.size() < epochs) {
                throw new IllegalArgumentException(log + " holds " + all.size() + " epoch(s), the checkpoint " + epochs);
            }
            for (String line : all) {
                Map<String, Object> entry = LINE.readValue(line, new TypeReference<>() { });
                EpochRecord r = LINE.convertValue(entry.get("epoch"), EpochRecord.class);
                if (r.epoch() != records.size() + 1) {
                    throw new IllegalArgumentException(log + ": line " + (records.size() + 1) + " is epoch " + r.epoch());
                }
                records.add(r);
                for (Object s : (List<?>) entry.getOrDefault("steps", List.of())) {
                    steps.add(LINE.convertValue(s, StepRecord.class));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(log + " cannot be read: " + e.getMessage());
        }
    }

    /** The complete lines (those ending in a newline) of {@code log}; 0 when it is missing. */
    static int lines(Path log) {
        if (!Files.isRegularFile(log)) {
            return 0;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(log))) {
            int n = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code log} anew (atomically) with the restored epochs and their steps; forced to disk
     * when {@code durable}, else whole or absent after a killed process, not after a power cut.
     */
    static void rewrite(Path log, List<EpochRecord> restored, List<StepRecord> restoredSteps, boolean durable)
            throws IOException {
        StringBuilder s = new StringBuilder();
        int stepIndex = 0;
        for (EpochRecord r : restored) {
            List<StepRecord> mine = new ArrayList<>();
            while (stepIndex < restoredSteps.size() && restoredSteps.get(stepIndex).epoch() == r.epoch()) {
                mine.add(restoredSteps.get(stepIndex++));
            }
            s.append(line(r, mine));
        }
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        if (durable) {
            AtomicFiles.write(log, bytes);
        } else {
            AtomicFiles.replace(log, bytes);
        }
    }

    /**
     * Appends one epoch's line; with {@code force}, forces it to the disk before returning (without,
     * the line is in the file for every reader and survives the process, not a power cut: see
     * {@link #force}).
     */
    static void append(Path log, EpochRecord record, List<StepRecord> steps, boolean force) throws IOException {
        byte[] line = line(record, steps).getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (force) {
                ch.force(false);
            }
        }
        WriteBoundary.pass("append " + log.getFileName());
    }

    /** Forces the lines appended so far to the disk. */
    static void force(Path log) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.force(false);
        }
    }

    private static String line(EpochRecord record, List<StepRecord> steps) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("epoch", record);
        if (!steps.isEmpty()) {
            entry.put("steps", steps);
        }
        return LINE.writeValueAsString(entry) + "\n";
    }
}
