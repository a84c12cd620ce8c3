package dev.anneal.runtime.folder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Files that appear whole or not at all: each is written to a temporary file in the same folder,
 * forced to disk, renamed over the target, and the folder is forced too, so that a crash (or a
 * power cut) leaves the old file or the new one, never a torn one.
 *
 * <pre>{@code
 * AtomicFiles.write(dir.resolve("sweep.csv"), bytes);
 * }</pre>
 *
 * <p>Test hooks: with the system property {@code anneal.test.haltBeforeRename} set to a file name,
 * the JVM halts (exit code 137, as after {@code kill -9}) once that file's temporary copy is complete
 * and before the rename; every step also passes a {@link WriteBoundary}.
 *
 * <p>Internal: for Anneal's own packages; no compatibility promise.
 */
public final class AtomicFiles {
    static final String HALT_BEFORE_RENAME = "anneal.test.haltBeforeRename";

    /** Writes the bytes a writer produces. */
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Some file writes whose folders are forced once, together, at the end ({@link #together}). */
    @FunctionalInterface
    public interface Writes {
        /** Writes the files. */
        void run() throws IOException;
    }

    /** The folders whose forcing the current thread's {@link #together} defers, or null outside one. */
    private static final ThreadLocal<Set<Path>> DEFERRED = new ThreadLocal<>();

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Replaces {@code target} with {@code bytes} through a temporary file and a rename, forcing
     * neither to disk: the file is whole or absent after the process is killed (not after a power
     * cut), and costs no fsync. For what a crash may lose because it is redone.
     */
    public static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = target.toAbsolutePath().getParent().resolve(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        WriteBoundary.pass("tmp " + target.getFileName());
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        WriteBoundary.pass("rename " + target.getFileName());
    }

    /** Replaces {@code target} with what {@code writer} writes. */
    static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            writer.write(out);
            out.flush();
            ch.force(true);
        }
        WriteBoundary.pass("tmp " + target.getFileName());
        haltIfAsked(target);
        move(tmp, target);
        WriteBoundary.pass("rename " + target.getFileName());
    }

    /**
     * Makes {@code link} name the same file as {@code existing} (a hard link, so no bytes are copied;
     * a copy where the file system has no hard links), replacing what {@code link} named before.
     */
    public static void link(Path existing, Path link) throws IOException {
        Path tmp = link.toAbsolutePath().getParent().resolve(link.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createLink(tmp, existing);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(existing, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        WriteBoundary.pass("link-tmp " + link.getFileName());
        move(tmp, link);
        WriteBoundary.pass("link " + link.getFileName());
    }

    /**
     * Runs {@code writes} with the forcing of folders grouped: each file is still forced as it is
     * written, but each folder that a rename changed is forced once, at the end, instead of after
     * every rename. What a crash leaves is the same (every file whole or absent); the files are
     * durable once this returns.
     * <pre>{@code
     * AtomicFiles.together(() -> { AtomicFiles.write(a, x); AtomicFiles.write(b, y); });   // one folder force
     * }</pre>
     */
    public static void together(Writes writes) throws IOException {
        if (DEFERRED.get() != null) {
            writes.run();
            return;
        }
        Set<Path> folders = new LinkedHashSet<>();
        DEFERRED.set(folders);
        try {
            writes.run();
        } finally {
            DEFERRED.remove();
        }
        for (Path dir : folders) {
            forceFolder(dir);
        }
    }

    /** Forces a folder's entries (new, renamed or deleted files) to disk, where the platform allows. */
    public static void forceFolder(Path dir) {
        Set<Path> deferred = DEFERRED.get();
        if (deferred != null) {
            deferred.add(dir.toAbsolutePath());
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open a folder for syncing; the rename is still atomic there
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + tmp + " to " + target + " atomically: " + e.getMessage(), e);
        }
        forceFolder(target.toAbsolutePath().getParent());
    }

    private static void haltIfAsked(Path target) {
        String name = System.getProperty(HALT_BEFORE_RENAME);
        if (name != null && name.equals(target.getFileName().toString())) {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
