package dev.anneal.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A trial's run folder as bytes, so that it travels between the driver, which keeps the sweep's
 * folders, and an executor, which may not see the driver's disk: every regular file by its path
 * relative to the folder ({@code /} between names).
 */
record TrialFolder(Map<String, byte[]> files) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the map, in path order. */
    TrialFolder {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** What {@code dir} holds; empty when it does not exist. */
    static TrialFolder read(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return new TrialFolder(files);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"),
                        Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trial folder " + dir + ": " + e.getMessage(), e);
        }
        return new TrialFolder(files);
    }

    /** Whether it holds no file. */
    boolean isEmpty() {
        return files.isEmpty();
    }

    /** Writes the files into {@code dir}, which must be empty or absent. */
    void writeInto(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
    }

    /**
     * This folder with {@code from} replaced by {@code to} in its text files ({@code run.json} and
     * the other JSON, CSV and text files), for a run trained at {@code from} that lives at {@code to}.
     */
    TrialFolder moved(String from, String to) {
        Map<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] bytes = e.getValue();
            if (isText(e.getKey())) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (text.contains(from)) {
                    bytes = text.replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
            }
            out.put(e.getKey(), bytes);
        }
        return new TrialFolder(out);
    }

    private static boolean isText(String name) {
        return name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".csv") || name.endsWith(".txt");
    }

    /**
     * Makes {@code dir} hold exactly these files: written beside it first, then put in its place, so
     * that a driver killed meanwhile leaves either the old folder or the new one (or, between the two
     * renames, none: the trial then starts again, with the same result).
     */
    void replace(Path dir) {
        if (isEmpty() && !Files.exists(dir)) {
            return;
        }
        Path incoming = dir.resolveSibling("." + dir.getFileName() + ".incoming");
        Path old = dir.resolveSibling("." + dir.getFileName() + ".old");
        try {
            delete(incoming);
            delete(old);
            writeInto(incoming);
            if (Files.exists(dir)) {
                Files.move(dir, old);
            }
            Files.move(incoming, dir);
            delete(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trial folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code dir} and what it holds, if it exists. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.delete(p);
        }
    }
}
