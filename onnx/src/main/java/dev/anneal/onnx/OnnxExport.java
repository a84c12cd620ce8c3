package dev.anneal.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anneal.onnx.proto.Onnx.ModelProto;
import dev.anneal.onnx.proto.Onnx.OperatorSetIdProto;
import dev.anneal.onnx.proto.Onnx.StringStringEntryProto;
import dev.anneal.runtime.model.Model;
import dev.anneal.runtime.model.OnnxWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a trained model as one ONNX graph (opset {@value #OPSET}, IR version {@value #IR_VERSION}) that
 * ONNX Runtime, Triton, onnxruntime-web or Netron open: input {@code features} {@code [N, F]} (raw rows,
 * the columns {@link Model#features()} in that order), output {@code probabilities} (classification) or
 * {@code predictions} (regression) {@code [N, K]}, in the precision the model trained in. The model's
 * metadata carries the Anneal version, the schedule's text, the shape and the names of the features and
 * classes (or target), as JSON where a list. {@link Model#exportOnnx(Path)} finds this class with
 * {@link java.util.ServiceLoader}; call that.
 *
 * <pre>{@code
 * Model model = Model.load(Path.of("runs/a"));
 * model.exportOnnx(Path.of("model.onnx"));        // or: new OnnxExport().write(model, Path.of("model.onnx"))
 * }</pre>
 */
public final class OnnxExport implements OnnxWriter {
    /** The ONNX operator set the graph uses (Softmax over one axis, Erf, Gemm). */
    public static final long OPSET = 17;
    /** The IR version that goes with opset {@value #OPSET}. */
    public static final long IR_VERSION = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** For {@link java.util.ServiceLoader}. */
    public OnnxExport() {
    }

    /** The ONNX model of {@code model}, as a protobuf message (see the class comment). */
    static ModelProto model(Model model) {
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("anneal")
                .setProducerVersion(version())
                .setDocString("An Anneal MLP: " + model.spec())
                .setGraph(MlpGraph.of(model));
        metadata(model).forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** The metadata written with the graph, in order. */
    static Map<String, String> metadata(Model model) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("anneal_version", version());
        if (model.schedule() != null) {
            meta.put("schedule", model.schedule());
        }
        meta.put("model", model.spec().toString());
        meta.put("precision", model.precision().name().toLowerCase(java.util.Locale.ROOT));
        meta.put("features", json(model.features()));
        if (model.isClassification()) {
            meta.put("classes", json(model.classes()));
        }
        meta.put("target", model.target());
        return meta;
    }

    /**
     * Writes {@code model} to {@code file} (replacing it), whole or not at all: to a temporary file beside
     * it, then renamed.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    @Override
    public void write(Model model, Path file) {
        ModelProto proto = model(model);
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling(".partial-" + target.getFileName());
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                proto.writeTo(out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary file is named .partial-*; nothing else of the user's is touched
            }
        }
    }

    /** The Anneal release of this artifact. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = OnnxExport.class.getResourceAsStream("anneal-onnx.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
