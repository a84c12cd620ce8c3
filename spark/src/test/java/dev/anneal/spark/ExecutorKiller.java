package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kills an executor JVM of a {@link LocalCluster} in the middle of a task, for the tests of retried
 * tasks: the task calls {@link #offerOnce} on the executor, a thread of the test calls
 * {@link #killWhenAsked} on the driver; they meet through files in a folder both can see.
 *
 * <pre>{@code
 * ExecutorKiller.reset(marks);
 * Thread killer = new Thread(() -> ExecutorKiller.killWhenAsked(marks));
 * // in a task: ExecutorKiller.offerOnce(marks.toString());
 * }</pre>
 */
final class ExecutorKiller {
    private ExecutorKiller() {
    }

    /** Clears the marks of an earlier run. */
    static void reset(Path marks) throws IOException {
        Files.createDirectories(marks);
        for (String name : new String[] {"pid", "killed", "claimed"}) {
            Files.deleteIfExists(marks.resolve(name));
        }
    }

    /** Whether an executor was killed. */
    static boolean killed(Path marks) {
        return Files.exists(marks.resolve("killed"));
    }

    /** On an executor: the first caller says its pid and waits to be killed; later callers return at once. */
    static void offerOnce(String marks) {
        try {
            Files.createFile(Path.of(marks, "claimed"));
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.writeString(Path.of(marks, "pid.tmp"), Long.toString(ProcessHandle.current().pid()));
            Files.move(Path.of(marks, "pid.tmp"), Path.of(marks, "pid"));
            Thread.sleep(120_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("executor " + ProcessHandle.current().pid() + " was not killed");
    }

    /** On the driver: kills the executor whose pid appears, and marks it done. */
    static void killWhenAsked(Path marks) {
        try {
            while (!Files.exists(marks.resolve("pid"))) {
                Thread.sleep(50);
            }
            long pid = Long.parseLong(Files.readString(marks.resolve("pid")).strip());
            assertNotEquals(ProcessHandle.current().pid(), pid, "the task ran in the driver");
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Files.writeString(marks.resolve("killed"), Long.toString(pid));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
