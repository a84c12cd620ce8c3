package dev.anneal.samples.cli;

import dev.anneal.runtime.model.Model;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code anneal export}: a trained model as one ONNX graph, for ONNX Runtime, Triton, onnxruntime-web or
 * Netron ({@link Model#exportOnnx}).
 * <pre>{@code
 * anneal export --model runs/a --onnx model.onnx
 * }</pre>
 * Exit codes: 0 done, 2 bad input (a model that is not one, an --onnx file that exists), nothing written.
 */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes a trained model as one ONNX graph (opset 17): input 'features' [N, F] (the raw columns, in the "
                    + "order the model lists in its metadata), output 'probabilities' (classification) or "
                    + "'predictions' (regression) [N, K]. The standardisation, the dense layers, their activations "
                    + "and the softmax are in the graph; the Anneal version, the schedule and the column names are "
                    + "in its metadata."
        },
        footer = {
            "%nExamples:",
            "  anneal export --model runs/a --onnx model.onnx",
            "  anneal export --model sweeps/a --onnx best.onnx   # the sweep's best model"
        })
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "PATH", description = PredictCommand.MODEL_HELP)
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE.onnx", description = "The ONNX file to write.")
    Path onnx;

    @Option(names = "--overwrite", description = "Replace an --onnx file that exists.")
    boolean overwrite;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            if (!onnx.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
                throw new IllegalArgumentException("--onnx must name a .onnx file, got " + onnx);
            }
            if (Files.exists(onnx) && !overwrite) {
                throw new IllegalArgumentException("--onnx " + onnx + " exists (--overwrite replaces it)");
            }
            Model loaded = Model.load(model);
            loaded.exportOnnx(onnx);
            stdout.println("wrote " + onnx + ": " + loaded.spec() + ", " + loaded.precision().name()
                    .toLowerCase(Locale.ROOT) + ", input 'features' [N, " + loaded.features().size() + "], output '"
                    + (loaded.isClassification() ? "probabilities" : "predictions") + "' [N, "
                    + loaded.spec().outputs() + "]");
            stdout.flush();
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            stderr.println("anneal export: " + e.getMessage());
            return 2;
        }
    }
}
