package dev.anneal.runtime.model;

import dev.anneal.runtime.Columns;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Standardizer;
import dev.anneal.runtime.backend.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A trained model, ready to use: the network with its parameters, the standardisation it was trained
 * with, the names of the feature columns it takes (in order) and of the classes it tells apart (or of
 * its regression target), read from what a run saved. {@link #predict} takes raw rows, as they stand in
 * the data file; the standardisation is applied inside.
 *
 * <pre>{@code
 * Model model = Model.load(Path.of("runs/a"));          // its final.ckpt; or a .ckpt file, or a sweep's folder (its best)
 * model.features();                                       // [f0, f1, ..., f19]
 * double[][] p = model.predict(new double[][] {row});     // class probabilities, in the order of model.classes()
 * List<String> names = model.predictClass(new double[][] {row});
 * model.exportOnnx(Path.of("model.onnx"));                // with anneal-onnx on the class path
 * }</pre>
 */
public final class Model {
    private final Path source;
    private final Network network;
    private final Columns columns;
    private final List<String> classes;
    private final String schedule;

    Model(Path source, Network network, Columns columns, List<String> classes, String schedule) {
        this.source = source;
        this.network = network;
        this.columns = columns;
        this.classes = classes == null ? List.of() : List.copyOf(classes);
        this.schedule = schedule;
    }

    /**
     * Loads a model from a checkpoint ({@code final.ckpt}, {@code best.ckpt}, any {@code epoch-NNNN.ckpt}),
     * a run folder (its {@code final.ckpt}) or a sweep folder (its {@code best.ckpt}).
     *
     * @throws IllegalArgumentException in one line naming the path, when it is missing, not a checkpoint,
     *                                  damaged, or a folder without a finished model
     */
    public static Model load(Path path) {
        return ModelFile.read(ModelFile.resolve(path));
    }

    /** The checkpoint file it was read from. */
    public Path source() {
        return source;
    }

    /** The network, with the trained parameters and standardizer, on the CPU backend of the run's precision. */
    public Network network() {
        return network;
    }

    /** The shape: inputs, layers and loss. */
    public Mlp spec() {
        return network.spec();
    }

    /** The standardisation applied to raw rows before the first layer, or null when the run had none. */
    public Standardizer standardizer() {
        return network.standardizer();
    }

    /** The precision the run trained in (and this model computes in). */
    public Precision precision() {
        return network.backend().precision();
    }

    /** The names of the feature columns, in the order {@link #predict} takes them, and of the target columns. */
    public Columns columns() {
        return columns;
    }

    /** The feature columns' names, in the order {@link #predict} takes them. */
    public List<String> features() {
        return columns.features();
    }

    /** The label column's name (classification) or the target column's (regression; several joined by commas). */
    public String target() {
        return String.join(",", columns.targets());
    }

    /** Whether it tells classes apart (softmax cross-entropy) rather than predicting values. */
    public boolean isClassification() {
        return spec().loss() == Loss.SOFTMAX_CROSS_ENTROPY;
    }

    /** The class names, index {@code i} naming output {@code i}; empty for regression. */
    public List<String> classes() {
        return classes;
    }

    /** The text of the learning-rate schedule the model was trained with, or null when the checkpoint does not say. */
    public String schedule() {
        return schedule;
    }

    /**
     * The outputs for raw rows of {@link #features()}: each row's class probabilities (in the order of
     * {@link #classes()}) or its predicted values.
     *
     * @throws IllegalArgumentException when a row has another number of values than the model has features
     */
    public double[][] predict(double[][] rows) {
        return network.predict(rows);
    }

    /**
     * The most probable class of each row (the first of equals).
     *
     * @throws IllegalStateException for a regression model
     */
    public List<String> predictClass(double[][] rows) {
        requireClassification("predictClass");
        return classesOf(predict(rows));
    }

    private void requireClassification(String what) {
        if (!isClassification()) {
            throw new IllegalStateException(what + ": " + source + " is a regression model (target "
                    + target() + "); use predict");
        }
    }

    /**
     * The most probable class of each row of {@code outputs}, what {@link #predict} gave (the first of
     * equals).
     *
     * @throws IllegalStateException for a regression model
     */
    public List<String> classesOf(double[][] outputs) {
        requireClassification("classesOf");
        List<String> out = new ArrayList<>(outputs.length);
        for (double[] p : outputs) {
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            out.add(classes.get(best));
        }
        return out;
    }

    /**
     * Writes the model as one ONNX graph (standardisation, dense layers, activations and, for
     * classification, softmax) to {@code file}. Needs the {@code dev.anneal:anneal-onnx} artifact on the class
     * path, which brings protobuf.
     *
     * @throws IllegalStateException when anneal-onnx is not on the class path
     */
    public void exportOnnx(Path file) {
        OnnxWriter writer = ServiceLoader.load(OnnxWriter.class, Model.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("Model.exportOnnx needs anneal-onnx on the class path"
                        + " (dev.anneal:anneal-onnx, which brings protobuf-java)"));
        writer.write(this, file);
    }

    @Override
    public String toString() {
        return "Model[" + spec() + ", " + precision().name().toLowerCase(java.util.Locale.ROOT) + ", from " + source + "]";
    }
}
