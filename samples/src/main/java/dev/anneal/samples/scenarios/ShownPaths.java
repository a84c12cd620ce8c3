package dev.anneal.samples.scenarios;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A stream that shows, in each line printed to it, the final path of a folder instead of the hidden
 * one it is written in until it is complete, so that what a scenario prints names files that exist
 * when it ends.
 *
 * <pre>{@code
 * PrintStream out = ShownPaths.of(System.out, folder.path(), folder.target());
 * }</pre>
 */
final class ShownPaths extends OutputStream {
    private final PrintStream target;
    private final String hidden;
    private final String shown;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private ShownPaths(PrintStream target, Path hidden, Path shown) {
        this.target = target;
        this.hidden = hidden.toString();
        this.shown = shown.toString();
    }

    /** {@code out}, with {@code hidden} shown as {@code shown} in every line. */
    static PrintStream of(PrintStream out, Path hidden, Path shown) {
        return new PrintStream(new ShownPaths(out, hidden, shown), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        line.write(b);
        if (b == '\n') {
            flush();
        }
    }

    @Override
    public void flush() {
        if (line.size() > 0) {
            target.print(line.toString(StandardCharsets.UTF_8).replace(hidden, shown));
            line.reset();
        }
        target.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
