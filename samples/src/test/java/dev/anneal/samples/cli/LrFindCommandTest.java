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
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anneal lr-find}: its table, suggestion lines and files, --then-train, and refusals of bad input. */
class LrFindCommandTest {
    @TempDir
    static Path shared;
    static AnnealRun hundred;
    static Path hundredOut;

    @BeforeAll
    static void runAHundredSteps() {
        hundredOut = shared.resolve("lr");
        hundred = AnnealRun.of("lr-find", "--steps", "100", "--device", "cpu", "--out", hundredOut.toString());
    }

    /** The printed suggestion lines, by name: {@code valley: 0.01789 (smoothed loss 0.8293 at step 65)}. */
    static List<String> suggestionLines(AnnealRun run) {
        return run.outLines().stream().filter(l -> l.matches("(valley|steepest|minimum/10): .*")).toList();
    }

    @Test
    void itPrintsTheRampATableAndOneLinePerSuggestion() {
        assertEquals(0, hundred.exitCode(), hundred.err());
        List<String> out = hundred.outLines();
        assertTrue(out.contains("optimizer: sgd(lr=ramp, momentum=0.9), batch 32, seed 1"), hundred.out());
        assertTrue(out.stream().anyMatch(l -> l.startsWith("ramp: exponential(gamma=1.2045035402587823) on base lr 1.0E-7: "
                + "1.0E-7 to 10.0 over 100 steps")), hundred.out());
        assertTrue(out.contains("Step | LR        |     Loss | Smoothed | Note"), hundred.out());
        assertTrue(out.stream().anyMatch(l -> l.matches("\\s+0 \\| 1e-7 +\\| +0\\.\\d{4} \\| +0\\.\\d{4} \\|?.*")), hundred.out());
        List<String> lines = suggestionLines(hundred);
        assertEquals(3, lines.size(), hundred.out());
        assertTrue(lines.get(0).matches("valley: [0-9.e-]+ \\(smoothed loss [0-9.]+ at step \\d+\\)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("steepest: "), lines.get(1));
        assertTrue(lines.get(2).matches("minimum/10: [0-9.e-]+ \\(a tenth of [0-9.e-]+, where the smoothed loss is lowest: "
                + "[0-9.]+ at step \\d+\\)"), lines.get(2));
        assertTrue(out.contains("wrote " + hundredOut + ": lr-find.csv, lr-find.json, lr-find.png, lr-find.svg"), hundred.out());
    }

    @Test
    void theCsvAndJsonHoldTheStepsAndTheSuggestionsPrinted() throws IOException {
        List<String> csv = Files.readAllLines(hundredOut.resolve("lr-find.csv"));
        assertEquals("step,lr,loss,smoothed_loss", csv.getFirst());
        String[] first = csv.get(1).split(",");
        assertEquals(List.of("0", "1.0E-7"), List.of(first[0], first[1]));
        assertEquals(Double.parseDouble(first[2]), Double.parseDouble(first[3]), 1e-12, "the first smoothed loss is the first loss");

        JsonNode json = new ObjectMapper().readTree(hundredOut.resolve("lr-find.json").toFile());
        JsonNode suggestions = json.get("suggestions");
        assertEquals(List.of("valley", "steepest", "minimum_over_10"), iterable(suggestions.fieldNames()));
        assertEquals(csv.size() - 1, json.get("stepsRun").asInt());
        assertEquals(100, json.get("steps").asInt());
        List<String> lines = suggestionLines(hundred);
        String[] keys = {"valley", "steepest", "minimum_over_10"};
        for (int i = 0; i < 3; i++) {
            double lr = suggestions.get(keys[i]).asDouble();
            assertTrue(lr > 1e-7 && lr < 10, keys[i] + " " + lr);
            String printed = lines.get(i).split(" ")[1];
            assertEquals(Double.parseDouble(printed), lr, lr * 1e-3, keys[i] + ": printed " + printed);
            JsonNode detail = json.get("suggestionDetails").get(keys[i]);
            String row = csv.get(detail.get("step").asInt() + 1);
            assertEquals(detail.get("smoothedLoss").asDouble(), Double.parseDouble(row.split(",")[3]), 0.0, row);
        }
        JsonNode minimum = json.get("suggestionDetails").get("minimum_over_10");
        String row = csv.get(minimum.get("step").asInt() + 1);
        assertEquals(minimum.get("lr").asDouble() * 10, Double.parseDouble(row.split(",")[1]), 1e-12,
                "minimum/10 points at the step of the minimum: " + row);
        assertEquals(0.98, json.get("smoothingBeta").asDouble());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    @Test
    void thePlotsAreWrittenAndNoTemporaryFileIsLeft() throws IOException {
        BufferedImage png = ImageIO.read(hundredOut.resolve("lr-find.png").toFile());
        assertEquals(900, png.getWidth());
        assertEquals(500, png.getHeight());
        assertTrue(Files.readString(hundredOut.resolve("lr-find.svg")).contains("<svg"));
        try (Stream<Path> files = Files.list(hundredOut)) {
            assertEquals(List.of("lr-find.csv", "lr-find.json", "lr-find.png", "lr-find.svg"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void byDefaultItRuns100StepsAcrossEpochs(@TempDir Path dir) {
        AnnealRun run = AnnealRun.of("lr-find", "--device", "cpu", "--max-lr", "1", "--out", dir.resolve("a").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith("ramp: ") && l.endsWith("over 100 steps")),
                run.out());
    }

    @Test
    void aFolderWithFilesIsRefusedUnlessOverwriteIsGiven(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("full"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        AnnealRun refused = AnnealRun.of("lr-find", "--device", "cpu", "--out", out.toString());
        assertEquals(2, refused.exitCode());
        assertEquals("anneal lr-find: --out " + out + ": folder exists and is not empty (--overwrite replaces the lr-find "
                + "files in it); choose another folder", refused.errLines().getFirst());
        assertEquals("", refused.out());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(1, files.count(), "nothing written");
        }
        AnnealRun replaced = AnnealRun.of("lr-find", "--device", "cpu", "--overwrite", "--out", out.toString());
        assertEquals(0, replaced.exitCode(), replaced.err());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertTrue(Files.size(out.resolve("lr-find.csv")) > 0);
    }

    @Test
    void badInputIsExitCode2WithAClearMessageAndNothingWritten(@TempDir Path dir) throws IOException {
        String[][] cases = {
            {"--min-lr", "1", "--max-lr", "0.1"}, {"--max-lr must be a finite number > --min-lr (1.0), got 0.1"},
            {"--min-lr", "0.1", "--max-lr", "0.1"}, {"--max-lr must be a finite number > --min-lr (0.1), got 0.1"},
            {"--steps", "1"}, {"--steps must be >= 2, got 1"},
            {"--min-lr", "0"}, {"--min-lr must be a finite number > 0, got 0.0"},
            {"--max-lr", "Infinity"}, {"--max-lr must be a finite number > --min-lr (1.0E-7), got Infinity"},
            {"--lr", "0.1"}, {"--lr: lr-find chooses the learning rate; give --min-lr and --max-lr instead"},
            {"--ramp", "cubic"}, {"Invalid value for option '--ramp': expected one of [EXPONENTIAL, LINEAR]"},
            {"--batch", "0"}, {"--batch must be >= 1, got 0"},
            {"--data", dir.resolve("missing.csv").toString()}, {"anneal lr-find: no such file: " + dir.resolve("missing.csv")},
        };
        for (int i = 0; i < cases.length; i += 2) {
            String[] args = Stream.concat(Stream.of("lr-find", "--device", "cpu", "--out", dir.resolve("out").toString()),
                    Stream.of(cases[i])).toArray(String[]::new);
            AnnealRun run = AnnealRun.of(args);
            String what = String.join(" ", cases[i]);
            assertEquals(2, run.exitCode(), what + ": " + run.err());
            assertTrue(run.errLines().getFirst().startsWith(cases[i + 1][0]), what + ": " + run.err());
            assertFalse(run.err().contains("Exception"), run.err());
            assertFalse(Files.exists(dir.resolve("out")), what + ": nothing written");
        }
    }

    @Test
    void aRampThatDivergesAtOnceWritesItsFilesAndSaysThereIsNoSuggestion(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("div");
        AnnealRun run = AnnealRun.of("lr-find", "--device", "cpu", "--min-lr", "10", "--max-lr", "1e6", "--steps", "100",
                "--out", out.toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith("stopped early: the smoothed loss ")), run.out());
        assertTrue(suggestionLines(run).isEmpty(), run.out());
        assertTrue(run.errLines().getFirst().startsWith("anneal lr-find: no suggestion: the loss diverged after 0 usable "
                + "step(s)"), run.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("lr-find.json").toFile());
        assertTrue(json.get("suggestions").get("valley").isNull());
        assertTrue(json.get("stepsRun").asInt() < 10);
    }

    @Test
    void thenTrainTrainsWithTheValleyIntoOutTrain(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("lt");
        AnnealRun run = AnnealRun.of("lr-find", "--device", "cpu", "--steps", "100", "--then-train", "--epochs", "3",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        String valley = suggestionLines(run).getFirst().split(" ")[1];
        assertTrue(run.outLines().contains("--then-train: training with lr " + valley + " (valley) into " + out.resolve("train")),
                run.out());
        JsonNode history = new ObjectMapper().readTree(out.resolve("train/history.json").toFile());
        JsonNode found = new ObjectMapper().readTree(out.resolve("lr-find.json").toFile());
        assertEquals(found.get("suggestions").get("valley").asDouble(), history.get("baseLr").asDouble(), 0.0);
        assertEquals("warmup(2.epochs) then cosine()", history.get("schedule").asText());
        assertEquals(3, history.get("history").size());
    }
}
