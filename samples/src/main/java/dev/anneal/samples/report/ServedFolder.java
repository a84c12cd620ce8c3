package dev.anneal.samples.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The folder {@code anneal serve} shows, and the only place it reads: a request's path is resolved
 * inside it or not at all.
 *
 * <pre>{@code
 * Path p = new ServedFolder(Path.of("runs")).resolve("a/history.csv");   // null when outside
 * }</pre>
 */
final class ServedFolder {
    private static final int DEPTH = 4;
    private final Path root;
    private final Path realRoot;

    ServedFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    /**
     * {@code rel} (a decoded URL path) inside the folder, or null: for a {@code ..} or {@code .}
     * segment, an absolute path, a backslash or a NUL, and for a path whose real location (symbolic
     * links followed) is outside the folder. A path that does not exist resolves (and is then not found).
     */
    Path resolve(String rel) {
        if (rel.startsWith("/") || rel.contains("\\") || rel.indexOf('\0') >= 0 || rel.contains(":")) {
            return null;
        }
        for (String segment : rel.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return null;
            }
        }
        Path p = root.resolve(rel).normalize();
        if (!p.startsWith(root)) {
            return null;
        }
        if (Files.exists(p)) {
            try {
                if (!p.toRealPath().startsWith(realRoot)) {
                    return null;
                }
            } catch (IOException e) {
                return null;
            }
        }
        return p;
    }

    /** The runs and sweeps under the folder, by their paths relative to it (a sweep's trials are its own). */
    List<String> found() {
        List<String> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (!dir.equals(root) && (name.startsWith(".") || name.equals("checkpoints"))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (ReportPage.shows(dir)) {
                        out.add(root.relativize(dir).toString());
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }
}
