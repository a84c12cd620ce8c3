package dev.anneal.samples.train;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The folder a run gets when no {@code --out} names one: {@code runs/<date>-<time>}, or
 * {@code runs/<date>-<time>-2}, {@code -3}, ... when that exists. The folder is made at once
 * (an atomic create), so two runs started in the same second each get their own.
 *
 * <pre>{@code
 * Path out = DefaultRunFolder.claim(Path.of("runs"), LocalDateTime.now());   // runs/20261206-053012
 * }</pre>
 */
public final class DefaultRunFolder {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private DefaultRunFolder() {
    }

    /** Makes and returns a new, empty folder in {@code parent} named for {@code now}. */
    public static Path claim(Path parent, LocalDateTime now) throws IOException {
        Files.createDirectories(parent);
        String name = now.format(NAME);
        for (int n = 1; ; n++) {
            Path candidate = parent.resolve(n == 1 ? name : name + "-" + n);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                // taken: by an earlier run, or one started in the same second
            }
        }
    }

    /** Deletes {@code dir} when it is still empty (a command that claimed it and then wrote nothing). */
    public static void releaseIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (or gone): what it holds stays
        }
    }
}
