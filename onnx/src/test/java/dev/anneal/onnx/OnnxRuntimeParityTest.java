package dev.anneal.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.anneal.onnx.proto.Onnx.ModelProto;
import dev.anneal.onnx.proto.Onnx.NodeProto;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.model.Model;
import dev.anneal.runtime.nd4j.CpuBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exported graph, run by ONNX Runtime on the validation rows, gives {@link Model#predict}'s numbers
 * to within 1e-5 relative: each activation, classification and regression, float32 and float64 runs.
 */
class OnnxRuntimeParityTest {
    static final double RELATIVE = 1e-5;
    static OrtEnvironment ort;

    @TempDir
    Path dir;

    @BeforeAll
    static void startOrt() {
        ort = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void stopOrt() {
        ort.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Activation f : Activation.values()) {
            for (boolean classification : new boolean[] {true, false}) {
                for (Precision p : Precision.values()) {
                    all.add(Arguments.of(f, classification, p));
                }
            }
        }
        return all.stream();
    }

    /** Rows whose features have means far from 0 and scales far from 1, so the standardisation matters. */
    static Split data(boolean classification) {
        SplittableRandom rng = new SplittableRandom(11);
        int rows = 240;
        double[][] x = new double[rows][5];
        int[] label = new int[rows];
        double[][] target = new double[rows][1];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < 5; c++) {
                double z = rng.nextGaussian();
                x[r][c] = 10 * c - 3 + (c + 1) * 4 * z;
                s += (c % 2 == 0 ? 1 : -1) * z;
            }
            label[r] = s < -0.6 ? 0 : s < 0.6 ? 1 : 2;
            target[r][0] = 3 * Math.sin(s) + 0.5 * s * s;
        }
        Dataset d = classification ? Dataset.classification(x, label) : Dataset.regression(x, target);
        return d.split(180);
    }

    @ParameterizedTest(name = "{0}, classification {1}, {2}")
    @MethodSource("cases")
    void onnxRuntimeGivesModelPredictsNumbers(Activation f, boolean classification, Precision precision)
            throws IOException, OrtException {
        Split split = data(classification);
        Mlp mlp = Mlp.input(5).dense(16, f).dense(12, f).dense(classification ? 3 : 1)
                .loss(classification ? Loss.SOFTMAX_CROSS_ENTROPY : Loss.MSE);
        Path ckpt = dir.resolve("final.ckpt");
        Trainer.builder(mlp).optimizer(Optimizer.adam(0.01)).schedule(dev.anneal.Schedule.warmup(10)
                        .then(dev.anneal.Schedule.cosine())).standardize(true).epochs(4).batchSize(16).seed(3)
                .backend(CpuBackend.create(precision)).checkpoint(ckpt).build().fit(split);
        Model model = Model.load(ckpt);
        assertEquals(precision, model.precision());
        Path onnx = dir.resolve("model.onnx");
        model.exportOnnx(onnx);

        double[][] rows = new double[split.validation().rows()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = split.validation().features(r);
        }
        double[][] expected = model.predict(rows);
        double[][] actual = run(onnx, rows, precision, classification);
        assertEquals(rows.length, actual.length);
        double worst = 0;
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < expected[r].length; k++) {
                double e = expected[r][k];
                double a = actual[r][k];
                double relative = Math.abs(a - e) / Math.max(Math.abs(e), Double.MIN_NORMAL);
                worst = Math.max(worst, relative);
                assertTrue(relative <= RELATIVE, "row " + r + " output " + k + ": ONNX Runtime " + a + ", Anneal " + e);
            }
        }
        System.out.printf("%s classification=%s %s: largest relative difference %.2e%n", f, classification, precision,
                worst);

        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals(17, proto.getOpsetImport(0).getVersion());
        List<String> ops = proto.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        assertEquals(List.of("Sub", "Div"), ops.subList(0, 2), "the standardisation comes first");
        assertEquals(3, ops.stream().filter("Gemm"::equals).count());
        assertEquals(classification ? "Softmax" : "Identity", ops.get(ops.size() - 1));
        String op = switch (f) {
            case RELU -> "Relu";
            case TANH -> "Tanh";
            case SIGMOID -> "Sigmoid";
            case GELU -> "Erf";
            case IDENTITY -> null;
        };
        assertEquals(op == null ? 0 : 2, ops.stream().filter(o -> o.equals(op)).count(), ops.toString());
    }

    private static double[][] run(Path onnx, double[][] rows, Precision precision, boolean classification)
            throws OrtException {
        try (OrtSession session = ort.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            NodeInfo in = session.getInputInfo().get("features");
            String outName = classification ? "probabilities" : "predictions";
            TensorInfo out = (TensorInfo) session.getOutputInfo().get(outName).getInfo();
            assertEquals(List.of(-1L, 5L), List.of(((TensorInfo) in.getInfo()).getShape()[0],
                    ((TensorInfo) in.getInfo()).getShape()[1]));
            assertEquals(classification ? 3 : 1, out.getShape()[1]);
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals("warmup(10) then cosine()", meta.get("schedule"));
            assertEquals("[\"f0\",\"f1\",\"f2\",\"f3\",\"f4\"]", meta.get("features"));
            assertEquals(classification ? "[\"0\",\"1\",\"2\"]" : null, meta.get("classes"));
            assertTrue(meta.get("anneal_version").matches("\\d+\\.\\d+\\.\\d+.*"), meta.toString());
            assertEquals("anneal", session.getMetadata().getProducerName());
            Object input;
            if (precision == Precision.FLOAT64) {
                input = rows;
            } else {
                float[][] f = new float[rows.length][];
                for (int r = 0; r < rows.length; r++) {
                    f[r] = new float[rows[r].length];
                    for (int c = 0; c < f[r].length; c++) {
                        f[r][c] = (float) rows[r][c];
                    }
                }
                input = f;
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(ort, input);
                 OrtSession.Result result = session.run(Map.of("features", tensor))) {
                Object value = result.get(outName).orElseThrow().getValue();
                if (value instanceof double[][] d) {
                    return d;
                }
                float[][] f = (float[][]) value;
                double[][] d = new double[f.length][];
                for (int r = 0; r < f.length; r++) {
                    d[r] = new double[f[r].length];
                    for (int k = 0; k < f[r].length; k++) {
                        d[r][k] = f[r][k];
                    }
                }
                return d;
            }
        }
    }
}
