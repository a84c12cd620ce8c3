package dev.anneal.samples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tool in a child JVM, for the integration tests: as {@code spark-submit} runs it (Spark's jars
 * on the class path, those of the spark module's build, what a Spark distribution's {@code jars/}
 * holds, starting Spark's {@code SparkSubmit} with {@code --class dev.anneal.samples.cli.Anneal
 * anneal.jar}), or with {@code java -jar anneal.jar}. Loopback only; a child that has not ended in
 * time fails the test (a hang) and is killed.
 *
 * <pre>{@code
 * ToolUnderSpark.Output out = ToolUnderSpark.sparkSubmit(dir, 180, "sweep", "--spark", "local[2]", ...);
 * }</pre>
 */
final class ToolUnderSpark {
    private static final Path JAR = Path.of("target", "anneal.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private ToolUnderSpark() {
    }

    /** What a run printed, and its exit code. */
    record Output(int exitCode, String out, String err) {
        /** The tool's own first error line (Spark's log lines left out). */
        String firstErrorLine() {
            return err.lines().filter(l -> l.startsWith("anneal ")).findFirst().orElse(err);
        }
    }

    /** {@code spark-submit --master local[2] --class ... anneal.jar ARGS} in {@code dir}, ending within {@code seconds}. */
    static Output sparkSubmit(Path dir, int seconds, String... args) throws IOException, InterruptedException {
        String classPath = Files.readString(Path.of(System.getProperty("anneal.spark.classpath"))).strip();
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(Arrays.asList(System.getProperty("anneal.spark.jvmFlags").trim().split("\\s+")));
        command.addAll(List.of("-cp", classPath, "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--class", "dev.anneal.samples.cli.Anneal", JAR.toString()));
        command.addAll(Arrays.asList(args));
        return run(dir, command, seconds);
    }

    /** {@code java -jar anneal.jar ARGS} in {@code dir}, ending within 180 s. */
    static Output javaJar(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        return run(dir, command, 180);
    }

    private static Output run(Path dir, List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectOutput(dir.resolve("stdout.txt").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("no exit within " + seconds + " s: " + command);
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        return new Output(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }
}
