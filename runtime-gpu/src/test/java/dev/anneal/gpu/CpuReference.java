package dev.anneal.gpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.nd4j.CpuBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU runtime's results for each {@link Scenario}: its 20-epoch history and its checkpoint after
 * epoch 10. Computed in this JVM when ND4J's CPU backend loads (a Maven build); otherwise read from
 * the folder named by {@code -Danneal.gpu.reference}, which {@link #main} fills on a machine with
 * ND4J (the GPU bundle carries one, since it leaves ND4J's native libraries out).
 */
final class CpuReference {
    static final String PROPERTY = "anneal.gpu.reference";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Scenario, List<double[]>> HISTORIES = new EnumMap<>(Scenario.class);
    private static Backend cpu;
    private static String cpuProblem;

    private CpuReference() {
    }

    /** ND4J's CPU backend, or null when it does not load here. */
    static synchronized Backend cpu() {
        if (cpu == null && cpuProblem == null) {
            try {
                cpu = CpuBackend.create();
            } catch (LinkageError | RuntimeException e) {
                cpuProblem = e.toString();
            }
        }
        return cpu;
    }

    /** Why {@link #cpu()} is null. */
    static String cpuProblem() {
        return cpuProblem;
    }

    /** Per epoch: train loss, validation loss, validation accuracy. */
    static synchronized List<double[]> history(Scenario scenario) {
        List<double[]> history = HISTORIES.get(scenario);
        if (history == null) {
            if (cpu() != null) {
                history = rows(scenario.trainer(cpu(), null, 0).fit(scenario.data()));
            } else {
                history = recordedHistory(scenario);
            }
            HISTORIES.put(scenario, history);
        }
        return history;
    }

    /** The history recorded for {@code scenario} in the folder {@code -Danneal.gpu.reference} names. */
    static List<double[]> recordedHistory(Scenario scenario) {
        try {
            return List.of(JSON.readValue(recorded(scenario.name() + ".json").toFile(), double[][].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CPU runtime's checkpoint after epoch {@value Scenario#HALF} of {@code scenario}, written into {@code folder} when computed here. */
    static Path checkpointAfterHalf(Scenario scenario, Path folder) {
        if (cpu() == null) {
            return recorded(scenario.name() + "-epoch" + Scenario.HALF + ".ckpt");
        }
        Path file = folder.resolve(scenario.name() + "-cpu.ckpt");
        scenario.trainer(cpu(), file, Scenario.HALF).fit(scenario.data());
        return file;
    }

    static List<double[]> rows(History history) {
        List<double[]> rows = new ArrayList<>();
        for (EpochRecord e : history.epochs()) {
            rows.add(new double[] {e.trainLoss(), e.valLoss(), e.valAccuracy()});
        }
        return rows;
    }

    private static Path recorded(String name) {
        String folder = System.getProperty(PROPERTY);
        if (folder == null) {
            throw new IllegalStateException("no CPU reference: ND4J's CPU backend does not load here (" + cpuProblem
                    + ") and -D" + PROPERTY + " names no folder of recorded results");
        }
        Path file = Path.of(folder, name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no CPU reference: " + file + " is missing; record it with CpuReference.main");
        }
        return file;
    }

    /** Records every scenario's CPU history and half-way checkpoint into the folder {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path folder = Files.createDirectories(Path.of(args[0]));
        if (cpu() == null) {
            throw new IllegalStateException("ND4J's CPU backend does not load: " + cpuProblem);
        }
        for (Scenario scenario : Scenario.values()) {
            double[][] history = history(scenario).toArray(new double[0][]);
            JSON.writeValue(folder.resolve(scenario.name() + ".json").toFile(), history);
            Path checkpoint = checkpointAfterHalf(scenario, folder);
            Files.move(checkpoint, folder.resolve(scenario.name() + "-epoch" + Scenario.HALF + ".ckpt"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.println("recorded " + scenario + ": final train loss " + history[history.length - 1][0]);
        }
    }
}
