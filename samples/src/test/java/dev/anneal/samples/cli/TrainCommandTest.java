package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anneal train}: the default run, its table, files and resume. */
class TrainCommandTest {
    @TempDir
    static Path shared;
    static AnnealRun defaults;
    static Path defaultsOut;

    @BeforeAll
    static void runTheDefaults() {
        defaultsOut = shared.resolve("default-run");
        defaults = AnnealRun.of("train", "--out", defaultsOut.toString());
    }

    /** The table's rows: the lines that start with an epoch number. */
    static List<String[]> rows(AnnealRun run) {
        return run.outLines().stream().filter(l -> l.matches("\\s+\\d+ \\|.*"))
                .map(l -> l.split("\\|", -1)).map(c -> Stream.of(c).map(String::strip).toArray(String[]::new)).toList();
    }

    @Test
    void defaultsTrainTwentyEpochsWithWarmupThenCosine() {
        assertEquals(0, defaults.exitCode(), defaults.err());
        List<String> out = defaults.outLines();
        assertTrue(out.contains("schedule: warmup(2.epochs) then cosine()"), defaults.out());
        assertTrue(out.contains("Epoch | Train loss | Val loss | Val acc | LR after  | Note"), defaults.out());
        List<String[]> rows = rows(defaults);
        assertEquals(20, rows.size());
        assertEquals(List.of("1", "0.05", "warmup"), List.of(rows.get(0)[0], rows.get(0)[4], rows.get(0)[5]));
        assertEquals(List.of("2", "0.1", "warmup ends"), List.of(rows.get(1)[0], rows.get(1)[4], rows.get(1)[5]));
        assertEquals(List.of("20", "0", "cosine minimum"), List.of(rows.get(19)[0], rows.get(19)[4], rows.get(19)[5]));
        for (String[] row : rows.subList(2, 19)) {
            String overfitting = switch (row[0]) {
                case "6" -> "overfitting: val loss rising since epoch 3";   // best 0.1969 at 3; 4-6 above, train loss falling
                case "10" -> "overfitting: val loss rising since epoch 7";  // a new best at 7; 8-10 above
                default -> "";
            };
            assertEquals(overfitting, row[5], "epoch " + row[0]);
        }
        double accuracy = Double.parseDouble(rows.get(19)[3]);
        assertTrue(accuracy >= 0.88, "validation accuracy " + accuracy);
    }

    @Test
    void defaultsPrintTerminalChartsOfLossAndLearningRate() {
        List<String> out = defaults.outLines();
        int loss = out.indexOf("Validation loss by epoch");
        int lr = out.indexOf("Learning rate after each epoch");
        assertTrue(loss > 0 && lr > loss, defaults.out());
        assertEquals("  0.1 ┤" , out.get(lr + 1).substring(0, 7), defaults.out());
        assertTrue(out.get(lr + TrainCharts.HEIGHT + 2).strip().startsWith("0"), defaults.out());
    }

    @Test
    void defaultsWriteHistoryPlotsAndCheckpointIntoTheFolder() throws IOException {
        for (String name : List.of("history.csv", "history.json", "lr.png", "lr.svg", "loss.png", "loss.svg",
                "accuracy.png", "final.ckpt")) {
            assertTrue(Files.size(defaultsOut.resolve(name)) > 0, name);
        }
        try (Stream<Path> siblings = Files.list(shared)) {
            assertEquals(List.of(defaultsOut), siblings.toList(), "no temporary folder left beside the output");
        }
        List<String> csv = Files.readAllLines(defaultsOut.resolve("history.csv"));
        assertEquals("epoch,steps,train_loss,val_loss,val_accuracy,lr,seconds,note", csv.getFirst());
        assertEquals(21, csv.size());
        assertTrue(csv.get(20).startsWith("20,500,"), csv.get(20));
        assertTrue(csv.get(20).endsWith(",cosine minimum"), csv.get(20));

        JsonNode json = new ObjectMapper().readTree(defaultsOut.resolve("history.json").toFile());
        assertEquals("warmup(2.epochs) then cosine()", json.get("schedule").asText());
        assertEquals(25, json.get("stepsPerEpoch").asInt());
        assertEquals(20, json.get("history").size());
        assertEquals(501, json.get("stepLr").size());
        assertEquals(0.0, json.get("stepLr").get(0).asDouble());
        assertEquals(0.1, json.get("stepLr").get(50).asDouble(), 1e-15);
        assertEquals(0.0, json.get("stepLr").get(500).asDouble(), 1e-15);

        for (String png : List.of("lr.png", "loss.png", "accuracy.png")) {
            BufferedImage image = ImageIO.read(defaultsOut.resolve(png).toFile());
            assertEquals(900, image.getWidth(), png);
            assertEquals(500, image.getHeight(), png);
        }
        String svg = Files.readString(defaultsOut.resolve("lr.svg"));
        assertTrue(svg.contains("<svg"), "lr.svg is an SVG");
    }

    @Test
    void stoppedRunContinuesWhenTheCommandRunsAgainAndRepeatsTheUninterruptedRun(@TempDir Path dir) throws IOException {
        AnnealRun straight = AnnealRun.of("train", "--epochs", "6", "--out", dir.resolve("straight").toString());
        Path first = dir.resolve("first");
        AnnealRun stopped = AnnealRun.of("train", "--epochs", "6", "--stop-after", "3", "--checkpoint-every", "2",
                "--keep-checkpoints", "all", "--out", first.toString());
        assertEquals(0, straight.exitCode(), straight.err());
        assertEquals(0, stopped.exitCode(), stopped.err());
        assertEquals(3, rows(stopped).size());
        assertTrue(stopped.outLines().contains("stopped after epoch 3 as asked"), stopped.out());
        assertTrue(Files.isRegularFile(first.resolve("checkpoints/epoch-0002.ckpt")));
        assertTrue(Files.isRegularFile(first.resolve("checkpoints/epoch-0003.ckpt")), "a checkpoint where it stopped");
        assertTrue(Files.readString(first.resolve("run.json")).contains("\"status\" : \"stopped\""));

        AnnealRun again = AnnealRun.of("train", "--epochs", "6", "--checkpoint-every", "2", "--keep-checkpoints", "all",
                "--out", first.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.outLines().contains("resuming " + first + " from epoch 3 (checkpoints/epoch-0003.ckpt)"),
                again.out());
        assertTrue(again.outLines().contains("      (epochs 1-3 restored from the checkpoint)"), again.out());
        assertEquals(withoutSeconds(dir.resolve("straight/history.csv")), withoutSeconds(first.resolve("history.csv")));

        AnnealRun elsewhere = AnnealRun.of("train", "--epochs", "6", "--resume",
                first.resolve("checkpoints/epoch-0002.ckpt").toString(), "--out", dir.resolve("resumed").toString());
        assertEquals(0, elsewhere.exitCode(), elsewhere.err());
        assertTrue(elsewhere.outLines().contains("resuming from " + first.resolve("checkpoints/epoch-0002.ckpt")
                + " (epoch 2)"), elsewhere.out());
        assertEquals(withoutSeconds(dir.resolve("straight/history.csv")), withoutSeconds(dir.resolve("resumed/history.csv")));
    }

    static List<String> withoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.replaceFirst(",[0-9.]+,([^,]*)$", ",$1")).toList();
    }

    @Test
    void csvDataWithNamedClassesTrains(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("moons.csv");
        StringBuilder s = new StringBuilder("x1,x2,kind\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            double x = rng.nextDouble() * 2 - 1;
            double y = rng.nextDouble() * 2 - 1;
            s.append(x).append(',').append(y).append(',').append(x * y > 0 ? "same" : "opposite").append('\n');
        }
        Files.writeString(csv, s);
        AnnealRun run = AnnealRun.of("train", "--data", csv.toString(), "--label", "kind", "--hidden", "16,16",
                "--optimizer", "adam", "--lr", "0.01", "--schedule", "constant()", "--epochs", "30", "--device", "cpu",
                "--out", dir.resolve("out").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.outLines().getFirst().endsWith("200 rows x 2 features, 2 classes, 160 train / 40 validation "
                + "(stratified, seed 1)"), run.out());
        assertTrue(run.out().contains("model: mlp(inputs=2) dense(16, relu) dense(16, relu) dense(2, identity)"), run.out());
        assertTrue(run.out().contains("optimizer: adam(lr=0.01), batch 32, 30 epochs"), run.out());
        assertTrue(run.out().contains("device: cpu: as asked"), run.out());
        double accuracy = Double.parseDouble(rows(run).getLast()[3]);
        assertTrue(accuracy >= 0.85, "an XOR of two features is learnt: accuracy " + accuracy);
    }

    /**
     * The reductions are recomputed from the run's validation losses (history.csv, at full precision;
     * the table prints the same values rounded) as PyTorch's ReduceLROnPlateau(mode=min, factor=0.5,
     * patience=0, threshold=1e-4 rel) takes them: one observation after each epoch from epoch 2 (the
     * plateau starts after the warmup epoch); a loss that is not below {@code best * (1 - 1e-4)} halves
     * the rate at once.
     */
    @Test
    void plateauScheduleFromTheCommandLineReducesOnTheValidationLoss(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        AnnealRun run = AnnealRun.of("train", "--schedule", "warmup(1.epochs) then plateau(patience=0, factor=0.5)",
                "--epochs", "8", "--log-lr", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        List<String[]> rows = rows(run);
        List<String[]> csv = Files.readAllLines(out.resolve("history.csv")).stream().skip(1)
                .map(l -> l.split(",", -1)).toList();
        assertEquals(8, rows.size());
        assertEquals(8, csv.size());
        double best = Double.POSITIVE_INFINITY;
        double lr = 0.1;
        int reductions = 0;
        for (int e = 1; e < rows.size(); e++) {
            String epoch = "epoch " + (e + 1);
            double valLoss = Double.parseDouble(csv.get(e)[3]);
            assertEquals(String.format(Locale.ROOT, "%.4f", valLoss), rows.get(e)[2], epoch + ": the table's val loss");
            boolean improved = valLoss < best * (1 - 1e-4);
            if (improved) {
                best = valLoss;
            } else {
                lr *= 0.5;
                reductions++;
            }
            String scheduleNote = rows.get(e)[5].replaceFirst("(, )?overfitting: val loss rising since epoch \\d+$", "");
            assertEquals(improved ? "" : "LR reduced by plateau ×0.5", scheduleNote, epoch);
            assertEquals(lr, Double.parseDouble(csv.get(e)[5]), 0.0, epoch + ": history.csv's lr");
            assertEquals(lr, Double.parseDouble(rows.get(e)[4]), lr * 1e-3, epoch + ": the table's lr (4 significant digits)");
        }
        assertTrue(reductions > 0, "the validation loss stopped improving at least once in 8 epochs");
    }

    @Test
    void divergedRunSaysWhereAndKeepsTheCheckpointsBeforeIt(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        AnnealRun run = AnnealRun.of("train", "--schedule", "constant().lasting(1.epochs) then constant(factor=1e12)",
                "--epochs", "4", "--out", out.toString());

        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        String line = run.errLines().getFirst();
        String checkpoint = out.toAbsolutePath().resolve("checkpoints/epoch-0001.ckpt").toString();
        assertTrue(line.matches("anneal train: training diverged: training loss is (NaN|Infinity) at epoch 2, step "
                + "2[6-9] \\(batch [2-5] of 25, learning rate 1\\.0E11\\); the last good checkpoint is "
                + java.util.regex.Pattern.quote(checkpoint) + " \\(epoch 1\\); the run is in "
                + java.util.regex.Pattern.quote(out.toString())), line);
        try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
            assertEquals(List.of("epoch-0001.ckpt", "last.ckpt"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"status\" : \"diverged\""));
        assertFalse(Files.exists(out.resolve("history.csv")), "no end products for a run that diverged");
    }
}
