package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.folder.SavedRun;
import dev.anneal.runtime.model.Model;
import dev.anneal.samples.train.SyntheticData;
import dev.anneal.samples.train.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anneal predict} and {@code anneal export} on a run {@code anneal train} made: the predictions
 * score the run's last validation accuracy exactly, columns are matched by name, ONNX Runtime gives the
 * same numbers, and bad input is one line, exit 2, nothing written.
 */
class PredictCommandTest {
    @TempDir
    static Path shared;
    static Path data;
    static Path run;
    static Path validation;
    static Dataset val;

    @TempDir
    Path dir;

    static String name(int feature) {
        return String.format("feature_%02d", feature);
    }

    /** A CSV of the synthetic set with named columns, scaled and shifted, string classes; trained on by the tool. */
    @BeforeAll
    static void trainWithTheTool() throws IOException {
        Dataset synthetic = SyntheticData.generate(400, 8, 3);
        StringBuilder csv = new StringBuilder(IntStream.range(0, 8).mapToObj(PredictCommandTest::name)
                .collect(Collectors.joining(",")) + ",species\n");
        for (int r = 0; r < synthetic.rows(); r++) {
            for (double v : synthetic.features(r)) {
                csv.append(3 * v + 10).append(',');
            }
            csv.append(synthetic.label(r) == 0 ? "cat" : "dog").append('\n');
        }
        data = Files.writeString(shared.resolve("animals.csv"), csv);
        run = shared.resolve("run");
        AnnealRun train = AnnealRun.of("train", "--data", data.toString(), "--label", "species", "--epochs", "4",
                "--hidden", "16", "--device", "cpu", "--out", run.toString());
        assertEquals(0, train.exitCode(), train.err());
        val = TrainingData.csv(data, "species", 1).split().validation();
        validation = writeRows(shared.resolve("validation.csv"), val, List.of("species", "feature_00", "feature_01",
                "feature_02", "feature_03", "feature_04", "feature_05", "feature_06", "feature_07"));
    }

    /** The rows of {@code d} as CSV, with the columns in {@code order} and an extra column {@code id}. */
    static Path writeRows(Path file, Dataset d, List<String> order) throws IOException {
        StringBuilder s = new StringBuilder(String.join(",", order) + ",id\n");
        for (int r = 0; r < d.rows(); r++) {
            for (String column : order) {
                s.append(column.equals("species") ? d.classes().get(d.label(r))
                        : Double.toString(d.features(r)[Integer.parseInt(column.substring(8))])).append(',');
            }
            s.append("row-").append(r).append('\n');
        }
        return Files.writeString(file, s);
    }

    @Test
    void predictionsOfTheValidationRowsScoreTheRunsLastValidationAccuracyExactly() throws IOException {
        Path out = dir.resolve("predictions.csv");
        AnnealRun predict = AnnealRun.of("predict", "--model", run.toString(), "--data", validation.toString(),
                "--out", out.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        double lastValAccuracy = SavedRun.read(run).orElseThrow().history().last().valAccuracy();
        List<String> lines = Files.readAllLines(out);
        assertEquals("row,prediction,p_cat,p_dog", lines.get(0));
        assertEquals(val.rows() + 1, lines.size());
        int right = 0;
        for (int r = 0; r < val.rows(); r++) {
            String[] cells = lines.get(r + 1).split(",");
            assertEquals(Integer.toString(r + 1), cells[0]);
            assertEquals(1.0, Double.parseDouble(cells[2]) + Double.parseDouble(cells[3]), 1e-6);
            right += cells[1].equals(val.classes().get(val.label(r))) ? 1 : 0;
        }
        assertEquals(lastValAccuracy, (double) right / val.rows());
        int correct = right;
        assertEquals(List.of("wrote " + out + ": " + val.rows() + " predictions",
                "accuracy " + lastValAccuracy + " (" + correct + " of " + val.rows() + " rows, against column 'species')"),
                predict.outLines());
    }

    @Test
    void shuffledColumnsAndNoLabelGiveTheSamePredictionsOnStdout() throws IOException {
        AnnealRun inOrder = AnnealRun.of("predict", "--model", run.resolve("final.ckpt").toString(), "--data",
                validation.toString());
        List<String> shuffled = new ArrayList<>(List.of("feature_05", "feature_02", "feature_07", "feature_00",
                "feature_06", "feature_01", "feature_04", "feature_03"));
        Path other = writeRows(dir.resolve("shuffled.csv"), val, shuffled);
        AnnealRun reordered = AnnealRun.of("predict", "--model", run.toString(), "--data", other.toString());
        assertEquals(0, reordered.exitCode(), reordered.err());
        assertEquals(inOrder.out(), reordered.out());
        assertTrue(inOrder.err().startsWith("accuracy "), inOrder.err());
        assertEquals("", reordered.err(), "no label column: no accuracy");
    }

    @Test
    void theExportedModelGivesTheSameNumbersInOnnxRuntime() throws IOException, OrtException {
        Path onnx = dir.resolve("model.onnx");
        AnnealRun export = AnnealRun.of("export", "--model", run.toString(), "--onnx", onnx.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertEquals("wrote " + onnx + ": mlp(inputs=8) dense(16, relu) dense(2, identity) loss=softmax_cross_entropy,"
                + " float32, input 'features' [N, 8], output 'probabilities' [N, 2]", export.out().strip());
        Model model = Model.load(run);
        float[][] rows = new float[val.rows()][];
        double[][] exact = new double[val.rows()][];
        for (int r = 0; r < rows.length; r++) {
            exact[r] = val.features(r);
            rows[r] = new float[exact[r].length];
            for (int c = 0; c < exact[r].length; c++) {
                rows[r][c] = (float) exact[r][c];
            }
        }
        double[][] expected = model.predict(exact);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, rows);
             OrtSession.Result result = session.run(Map.of("features", input))) {
            float[][] p = (float[][]) result.get("probabilities").orElseThrow().getValue();
            for (int r = 0; r < rows.length; r++) {
                for (int k = 0; k < 2; k++) {
                    assertEquals(expected[r][k], p[r][k], 1e-5 * expected[r][k], "row " + r + " class " + k);
                }
            }
            assertEquals("[\"cat\",\"dog\"]", session.getMetadata().getCustomMetadata().get("classes"));
            assertEquals("warmup(2.epochs) then cosine()", session.getMetadata().getCustomMetadata().get("schedule"));
        }
        AnnealRun again = AnnealRun.of("export", "--model", run.toString(), "--onnx", onnx.toString());
        assertEquals(2, again.exitCode());
        assertEquals(List.of("anneal export: --onnx " + onnx + " exists (--overwrite replaces it)"), again.errLines());
    }

    @Test
    void aRegressionModelPredictsValuesAndItsRmse() throws IOException {
        double[][] x = {{1, 2}, {2, 1}, {3, 5}, {4, 4}, {5, 7}, {6, 3}};
        double[][] y = {{3}, {3}, {8}, {8}, {12}, {9}};
        Path ckpt = dir.resolve("regression.ckpt");
        Trainer.builder(Mlp.input(2).dense(4).dense(1).loss(Loss.MSE)).batchSize(2).epochs(2).checkpoint(ckpt).build()
                .fit(Dataset.regression(x, y).split(4));
        Path rows = Files.writeString(dir.resolve("rows.csv"), "target,f1,f0\n3,2,1\n8,5,3\n");
        Path out = dir.resolve("values.csv");
        AnnealRun predict = AnnealRun.of("predict", "--model", ckpt.toString(), "--data", rows.toString(), "--out",
                out.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("row,prediction", lines.get(0));
        double[][] p = Model.load(ckpt).predict(new double[][] {{1, 2}, {3, 5}});
        assertEquals(p[0][0], Double.parseDouble(lines.get(1).split(",")[1]), 1e-6 * Math.abs(p[0][0]));
        assertEquals(p[1][0], Double.parseDouble(lines.get(2).split(",")[1]), 1e-6 * Math.abs(p[1][0]));
        assertTrue(predict.outLines().get(1).matches("rmse [0-9.e+-]+ \\(2 rows, against column 'target'\\)"),
                predict.out());
    }

    @Test
    void badInputIsOneLineExitTwoAndNothingWritten() throws IOException {
        Path out = dir.resolve("predictions.csv");
        Path missing = Files.writeString(dir.resolve("missing.csv"),
                "feature_00,feature_01,feature_02,feature_04,feature_05,feature_06,feature_07\n1,2,3,4,5,6,7\n");
        assertRefused(List.of(missing), "anneal predict: " + missing + ": no column 'feature_03' (the model's features are "
                + "[feature_00, feature_01, feature_02, feature_03, feature_04, feature_05, feature_06, feature_07]); the "
                + "header has [feature_00, feature_01, feature_02, feature_04, feature_05, feature_06, feature_07]",
                "predict", "--model", run.toString(), "--data", missing.toString(), "--out", out.toString());
        Path cell = Files.writeString(dir.resolve("cell.csv"), Files.readString(validation).replaceFirst("\n([^,\n]*,[^,\n]*),[^,\n]*,",
                "\n$1,abc,"));
        assertRefused(List.of(cell, missing), "anneal predict: " + cell + ": line 2, column 3 ('feature_01'): 'abc' is not "
                + "a number", "predict", "--model", run.toString(), "--data", cell.toString(), "--out", out.toString());
        Path notAModel = Files.writeString(dir.resolve("model.ckpt"), "weights,1,2\n");
        assertRefused(List.of(cell, missing, notAModel), "anneal predict: " + notAModel + " is not an Anneal model: it is "
                + "not an Anneal checkpoint (expected a .ckpt written by Anneal, a run folder or a sweep folder)",
                "predict", "--model", notAModel.toString(), "--data", validation.toString(), "--out", out.toString());
        assertRefused(List.of(cell, missing, notAModel), "anneal export: " + notAModel + " is not an Anneal model: it is "
                + "not an Anneal checkpoint (expected a .ckpt written by Anneal, a run folder or a sweep folder)",
                "export", "--model", notAModel.toString(), "--onnx", dir.resolve("m.onnx").toString());
        Path existing = Files.writeString(out, "mine\n");
        assertRefused(List.of(cell, missing, notAModel, existing), "anneal predict: --out " + out + " exists "
                + "(--overwrite replaces it)", "predict", "--model", run.toString(), "--data", validation.toString(),
                "--out", out.toString());
        assertEquals("mine\n", Files.readString(out));
    }

    /** Exit 2, exactly {@code message} on stderr, nothing on stdout, and only {@code inputs} in the folder. */
    private void assertRefused(List<Path> inputs, String message, String... args) throws IOException {
        AnnealRun run = AnnealRun.of(args);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(List.of(message), run.errLines());
        assertEquals("", run.out());
        assertFalse(run.err().contains("Exception"), run.err());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(inputs.stream().sorted().toList(), left.sorted().toList());
        }
    }
}
