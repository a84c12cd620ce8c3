package dev.anneal.samples.scenarios;

import dev.anneal.runtime.Split;
import dev.anneal.samples.cli.Anneal;
import dev.anneal.samples.train.EpochRow;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.OutputFolder;
import dev.anneal.samples.train.RunResult;
import dev.anneal.samples.train.SyntheticData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scenario scripts share: their data, the lines that open their output, and how their
 * {@code main} writes into {@code runs/scenarios/NAME}.
 *
 * <pre>{@code
 * Split data = Scenarios.data(Size.FULL, 20);
 * Scenarios.header(System.out, "Cosine annealing", experiment, data);
 * }</pre>
 */
public final class Scenarios {
    /** The seed of the scenarios' synthetic data. */
    public static final long DATA_SEED = SyntheticData.SEED;

    private Scenarios() {
    }

    /** {@link SyntheticData} of {@code size}'s rows and {@code features} features, split 80/20 in row order. */
    public static Split data(Size size, int features) {
        return SyntheticData.generate(size.rows(), features, DATA_SEED).split(size.trainRows());
    }

    /** The scenario's title and its settings, one per line, then an empty line. */
    public static void header(PrintStream out, String title, Experiment e, Split data) {
        out.println(title);
        out.println("  data: synthetic, " + data.train().rows() + " train / " + data.validation().rows()
                + " validation rows x " + data.train().features() + " features");
        out.println("  model: " + e.mlp());
        out.println("  optimizer: " + e.optimizerText() + ", batch " + e.batchSize() + ", " + e.epochs() + " epochs");
        out.println("  schedule: " + e.schedule());
        out.println();
    }

    /** The folder {@code main} writes to: the first argument, or {@code runs/scenarios/NAME}. */
    public static Path folder(String name, String[] args) {
        return args.length > 0 ? Path.of(args[0]) : Path.of("runs", "scenarios", name);
    }

    /** Whether two runs have the same rows: epoch, losses, accuracy, learning rate and note, exactly. */
    public static boolean identical(RunResult a, RunResult b) {
        if (a.rows().size() != b.rows().size()) {
            return false;
        }
        for (int i = 0; i < a.rows().size(); i++) {
            EpochRow x = a.rows().get(i);
            EpochRow y = b.rows().get(i);
            boolean same = x.epoch() == y.epoch() && x.trainLoss() == y.trainLoss() && x.valLoss() == y.valLoss()
                    && x.valAccuracy() == y.valAccuracy() && x.lr() == y.lr() && x.note().equals(y.note());
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code anneal ARGS} in a new JVM with this one's class path, printing its output indented.
     *
     * @throws IOException when it exits with another code than 0
     */
    public static void anneal(PrintStream out, String... args) throws IOException, InterruptedException {
        List<String> command = annealCommand(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> out.println("   | " + line));
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("anneal " + String.join(" ", args) + " exited with " + exit);
        }
    }

    /**
     * The command line that runs {@code anneal ARGS} in a new JVM with this one's class path and
     * native-access flags (and its javacpp cache and thread settings); system properties may be
     * inserted after the first element.
     */
    public static List<String> annealCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        for (String property : List.of("org.bytedeco.javacpp.cachedir", "anneal.threads")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Anneal.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** A scenario's body, writing into a folder. */
    @FunctionalInterface
    public interface Body {
        /** Runs at {@code size}, writing files into {@code dir} and the story to {@code out}. */
        void run(Size size, Path dir, PrintStream out) throws Exception;
    }

    /**
     * Runs {@code body} at full size into {@code target} (replaced whole when it succeeds, untouched
     * when it fails) and says where the files are.
     */
    public static void main(Body body, Path target) throws Exception {
        try (OutputFolder folder = OutputFolder.replacing(target)) {
            PrintStream out = ShownPaths.of(System.out, folder.path(), folder.target());
            body.run(Size.FULL, folder.path(), out);
            out.flush();
            folder.commit();
        }
        System.out.println();
        System.out.println("wrote " + target);
    }
}
