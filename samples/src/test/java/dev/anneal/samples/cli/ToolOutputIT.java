package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tool as users run it, in a child process on this JVM's Java (25): the launcher the build
 * writes ({@code target/bin/anneal}) gives output with no JVM or logging warning, and
 * {@code java -jar target/anneal.jar} without flags at least no native-access or SLF4J warning (its
 * manifest enables native access; only the launcher can allow {@code sun.misc.Unsafe}). Run by
 * Failsafe after the package phase ({@code ./build.sh test}, or {@code ./build.sh mvn -pl samples -am verify}).
 */
class ToolOutputIT {
    private static final Path TARGET = Path.of("target");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    /** Runs {@code command} in {@code dir}; stdout and stderr together. */
    private Output run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("ANNEAL_JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Output(p.waitFor(), text);
    }

    private record Output(int exitCode, String text) {
    }

    private static List<String> train(List<String> launcher) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("train", "--epochs", "3", "--device", "cpu", "--out", "run"));
        return command;
    }

    @Test
    void theLauncherRunsTheToolWithoutAnyWarning() throws Exception {
        Path launcher = TARGET.resolve("bin/anneal").toAbsolutePath();
        assertTrue(Files.isExecutable(launcher), launcher + " is executable");

        Output out = run(train(List.of(launcher.toString())));

        assertEquals(0, out.exitCode(), out.text());
        assertTrue(out.text().contains("    3 |"), "the table's last row: " + out.text());
        assertFalse(out.text().contains("SLF4J"), out.text());
        assertFalse(out.text().contains("sun.misc.Unsafe"), out.text());
        assertFalse(out.text().toLowerCase(Locale.ROOT).contains("warning"), out.text());
    }

    @Test
    void javaDashJarNeedsNoFlagForNativeAccessAndLogsNothing() throws Exception {
        Path jar = TARGET.resolve("anneal.jar").toAbsolutePath();

        Output out = run(train(List.of(JAVA, "-jar", jar.toString())));

        assertEquals(0, out.exitCode(), out.text());
        assertFalse(out.text().contains("restricted method"), out.text());
        assertFalse(out.text().contains("enable-native-access"), out.text());
        assertFalse(out.text().contains("SLF4J"), out.text());
    }
}
