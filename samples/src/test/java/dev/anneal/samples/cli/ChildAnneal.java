package dev.anneal.samples.cli;

import dev.anneal.samples.scenarios.Scenarios;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code anneal} in a child JVM with this one's class path, its output in a file: a process a test can kill. */
final class ChildAnneal {
    private ChildAnneal() {
    }

    /** Starts {@code anneal ARGS} with the system properties {@code -Dkey=value} in {@code properties}. */
    static Process start(Path log, List<String> properties, String... args) throws IOException {
        List<String> command = Scenarios.annealCommand(args);
        for (String p : properties) {
            command.add(1, "-D" + p);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
