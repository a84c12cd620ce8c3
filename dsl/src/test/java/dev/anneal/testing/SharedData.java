package dev.anneal.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code ../shared} beside the repository root (the folder with build.sh), from the working
 * directory up; for the tests of every module (dsl's test jar).
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path file(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("build.sh"))) {
                Path f = dir.resolveSibling("shared").resolve(relative);
                if (!Files.exists(f)) {
                    throw new IllegalStateException("shared data " + f + " is missing (../shared beside the repository)");
                }
                return f;
            }
        }
        throw new IllegalStateException("no build.sh above " + Path.of("").toAbsolutePath());
    }
}
