package dev.anneal.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CUDA C kernel sources shipped in this module's resources, and the entry points each defines.
 * Every source includes {@code common.cuh}. Entries are {@code extern "C"} with a type suffix
 * ({@code _f32}, {@code _f64}).
 */
enum KernelSource {
    ACTIVATIONS("activations.cu", activationEntries()),
    LOSSES("losses.cu", typed("softmax_xent", "mean_squared_error", "softmax_xent_indirect", "mean_squared_error_indirect")),
    REDUCTIONS("reductions.cu", typed("column_sums")),
    OPTIMIZERS("optimizers.cu", typed("sgd", "adam", "sgd_indirect", "adam_indirect")),
    GATHER("gather.cu", typed("gather_rows"));

    static final String HEADER = "common.cuh";
    private static final String FOLDER = "/dev/anneal/gpu/kernels/";

    final String fileName;
    final List<String> entries;

    KernelSource(String fileName, List<String> entries) {
        this.fileName = fileName;
        this.entries = entries;
    }

    String text() {
        return resource(fileName);
    }

    /** The include files every source may use, by include name. */
    static Map<String, String> headers() {
        return Map.of(HEADER, resource(HEADER));
    }

    private static String resource(String name) {
        try (InputStream in = KernelSource.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + FOLDER + name + " missing from the anneal-runtime-gpu jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + FOLDER + name, e);
        }
    }

    /** add_row_vector, and NAME and NAME_grad for each activation but the identity. */
    private static List<String> activationEntries() {
        List<String> names = new ArrayList<>(typed("add_row_vector"));
        for (String activation : List.of("relu", "tanh", "sigmoid", "gelu")) {
            names.addAll(typed(activation, activation + "_grad"));
        }
        return List.copyOf(names);
    }

    private static List<String> typed(String... kernels) {
        List<String> names = new ArrayList<>();
        for (String kernel : kernels) {
            names.add(kernel + "_f32");
            names.add(kernel + "_f64");
        }
        return List.copyOf(names);
    }
}
