package dev.anneal.runtime.folder;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test hook at every point where a run folder or a sweep has finished one write and not begun the
 * next (a temporary file complete, a rename done, a line appended, a link made, a file deleted), so
 * that tests can kill a process at each of them in turn.
 *
 * <ul>
 * <li>{@code -Danneal.test.haltAtWrite=N}: the JVM halts (exit code 137, as after {@code kill -9})
 *     at the N-th point it passes, counted from 1.</li>
 * <li>{@code -Danneal.test.writeLog=FILE}: each point's label ({@code rename run.json}) is appended
 *     to FILE as it is passed, so a test learns how many points a run has.</li>
 * </ul>
 *
 * <pre>{@code
 * AtomicFiles.write(target, bytes);   // passes "tmp <name>" and "rename <name>"
 * }</pre>
 *
 * Internal: for Anneal's own packages and tests; no compatibility promise.
 */
public final class WriteBoundary {
    static final String HALT_AT = "anneal.test.haltAtWrite";
    static final String LOG = "anneal.test.writeLog";
    private static final long HALT = Long.getLong(HALT_AT, 0);
    private static final PrintStream WRITES = open(System.getProperty(LOG));
    private static final AtomicLong PASSED = new AtomicLong();

    private WriteBoundary() {
    }

    /** Passes the point after {@code what} (a verb and a file name). */
    public static void pass(String what) {
        if (HALT == 0 && WRITES == null) {
            return;
        }
        long n = PASSED.incrementAndGet();
        if (WRITES != null) {
            WRITES.println(n + " " + what);
        }
        if (n == HALT) {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }

    private static PrintStream open(String file) {
        if (file == null) {
            return null;
        }
        try {
            return new PrintStream(new FileOutputStream(file, true), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + LOG + " file " + file + ": " + e.getMessage(), e);
        }
    }
}
