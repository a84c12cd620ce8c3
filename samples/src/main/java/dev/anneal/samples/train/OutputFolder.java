package dev.anneal.samples.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A results folder written all at once: files go into a hidden folder beside the target
 * ({@code .NAME.partial}), which {@link #commit()} renames to the target. Closing without committing
 * deletes it, so bad input or a failed run leaves no half-written folder; a killed process leaves only
 * the hidden one (its checkpoints can still be resumed from).
 *
 * <pre>{@code
 * try (OutputFolder folder = OutputFolder.create(Path.of("runs/first"))) {
 *     Files.writeString(folder.path().resolve("history.csv"), csv);
 *     folder.commit();
 * }
 * }</pre>
 */
public final class OutputFolder implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final Path createdParent;
    private boolean committed;

    private OutputFolder(Path target, Path temporary, Path createdParent) {
        this.target = target;
        this.temporary = temporary;
        this.createdParent = createdParent;
    }

    /**
     * Prepares {@code target}, which must not exist or be an empty folder.
     *
     * @throws FileAlreadyExistsException when it exists and is a file or a folder with files
     */
    public static OutputFolder create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !isEmptyFolder(absolute)) {
            throw new FileAlreadyExistsException(target.toString(), null, "output folder exists and is not empty");
        }
        return prepare(absolute);
    }

    /**
     * Prepares {@code target}, whose earlier contents (a folder) {@link #commit()} replaces.
     *
     * @throws FileAlreadyExistsException when it is a file
     */
    public static OutputFolder replacing(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new FileAlreadyExistsException(target.toString(), null, "is a file, not a folder");
        }
        return prepare(absolute);
    }

    private static OutputFolder prepare(Path absolute) throws IOException {
        Path parent = absolute.getParent();
        Path createdParent = Files.isDirectory(parent) ? null : firstMissing(parent);
        Files.createDirectories(parent);
        Path temporary = parent.resolve("." + absolute.getFileName() + ".partial");
        deleteRecursively(temporary);
        Files.createDirectory(temporary);
        return new OutputFolder(absolute, temporary, createdParent);
    }

    /** Where to write the files until {@link #commit()}. */
    public Path path() {
        return temporary;
    }

    /** The folder the files end up in. */
    public Path target() {
        return target;
    }

    /** Moves the files to the target in one rename (the target's earlier contents are deleted). */
    public void commit() throws IOException {
        if (Files.isDirectory(target)) {
            deleteRecursively(target);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            throw new IOException("cannot rename " + temporary + " to " + target + ": " + e.getMessage(), e);
        }
        committed = true;
    }

    /** Deletes the hidden folder (and the folders made for it) unless committed. */
    @Override
    public void close() {
        if (!committed) {
            try {
                deleteRecursively(createdParent != null ? createdParent : temporary);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + temporary, e);
            }
        }
    }

    /** The outermost folder of {@code dir} that does not exist yet. */
    private static Path firstMissing(Path dir) {
        Path missing = dir;
        while (missing.getParent() != null && !Files.exists(missing.getParent())) {
            missing = missing.getParent();
        }
        return missing;
    }

    private static boolean isEmptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
