package dev.anneal.samples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code anneal} in a child JVM with this one's class path, its output in a file: a process a test can kill. */
final class ChildAnneal {
    private ChildAnneal() {
    }

    /** Starts {@code anneal ARGS} with the system properties {@code -Dkey=value} in {@code properties}. */
    static Process start(Path log, List<String> properties, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        for (String property : List.of("org.bytedeco.javacpp.cachedir", "anneal.threads")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        for (String p : properties) {
            command.add("-D" + p);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Anneal.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
