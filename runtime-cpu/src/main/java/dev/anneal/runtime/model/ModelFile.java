package dev.anneal.runtime.model;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Columns;
import dev.anneal.runtime.Init;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Parameter;
import dev.anneal.runtime.Standardizer;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.folder.CheckpointFile;
import dev.anneal.runtime.nd4j.CpuBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model is saved and how it is read back: a path names a checkpoint, a run folder (its
 * {@code final.ckpt}) or a sweep folder (its {@code best.ckpt}); the checkpoint's header gives the shape,
 * precision, standardizer and column names, its tensors the parameters.
 */
final class ModelFile {
    private static final byte[] MAGIC = "ANNEALCK".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern MLP = Pattern.compile("mlp\\(inputs=(\\d+)\\)((?: dense\\(\\d+, \\w+(?:, init=\\w+)?\\))*)"
            + " loss=(\\w+)");
    private static final Pattern DENSE = Pattern.compile("dense\\((\\d+), (\\w+)(?:, init=(\\w+))?\\)");

    private ModelFile() {
    }

    /** The checkpoint {@code path} names. */
    static Path resolve(Path path) {
        if (Files.isDirectory(path)) {
            for (String name : List.of("final.ckpt", "best.ckpt")) {
                if (Files.isRegularFile(path.resolve(name))) {
                    return path.resolve(name);
                }
            }
            String why = Files.isRegularFile(path.resolve("run.json"))
                    ? "a run folder without final.ckpt (the run has not finished); name one of its checkpoints, e.g. "
                    + path.resolve("checkpoints").resolve("last.ckpt")
                    : "a folder that holds neither final.ckpt (a run's) nor best.ckpt (a sweep's)";
            throw new IllegalArgumentException(path + " is " + why);
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no such file or folder: " + path);
        }
        return path;
    }

    /** The model in checkpoint {@code file}. */
    static Model read(Path file) {
        requireMagic(file);
        CheckpointFile.Contents saved = CheckpointFile.read(file);
        Map<String, Object> h = saved.header();
        if (!"anneal-checkpoint".equals(h.get("format")) || !(h.get("model") instanceof String text)) {
            throw notAModel(file, "its header has no model");
        }
        if (!(h.get("columns") instanceof Map<?, ?> names)) {
            throw new IllegalArgumentException(file + " is a checkpoint from before Anneal saved the names of its "
                    + "columns and classes; train again to use it as a model");
        }
        Mlp mlp = parse(file, text);
        Precision precision = Precision.valueOf(String.valueOf(h.getOrDefault("precision", "float32"))
                .toUpperCase(Locale.ROOT));
        Network net = mlp.build(CpuBackend.create(precision), 0);
        for (Parameter p : net.parameters()) {
            p.set(saved.tensor(p.name(), p.rows(), p.cols()));
        }
        if (h.get("standardizer") instanceof Map<?, ?> s) {
            net.standardizer(new Standardizer(doubles(s.get("mean")), doubles(s.get("std"))));
        }
        Columns columns = new Columns(strings(names.get("features")), strings(names.get("targets")));
        List<String> classes = names.get("classes") == null ? null : strings(names.get("classes"));
        if (columns.features().size() != mlp.inputs()
                || (classes != null && classes.size() != mlp.outputs())) {
            throw notAModel(file, "its column names do not fit " + mlp);
        }
        Object schedule = h.get("configuration") instanceof Map<?, ?> c ? c.get("schedule") : null;
        return new Model(file, net, columns, classes, schedule == null ? null : schedule.toString());
    }

    private static void requireMagic(Path file) {
        byte[] start = new byte[MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(start, 0, start.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n < MAGIC.length || !Arrays.equals(start, MAGIC)) {
            throw notAModel(file, "it is not an Anneal checkpoint");
        }
    }

    private static IllegalArgumentException notAModel(Path file, String why) {
        return new IllegalArgumentException(file + " is not an Anneal model: " + why
                + " (expected a .ckpt written by Anneal, a run folder or a sweep folder)");
    }

    /** Reads back {@link Mlp#toString()}. */
    static Mlp parse(Path file, String text) {
        Matcher m = MLP.matcher(text);
        if (!m.matches()) {
            throw notAModel(file, "its model '" + text + "' is not an MLP this Anneal knows");
        }
        Mlp mlp = Mlp.input(Integer.parseInt(m.group(1)));
        Matcher d = DENSE.matcher(m.group(2));
        while (d.find()) {
            Init init = d.group(3) == null ? Init.XAVIER : Init.valueOf(d.group(3).toUpperCase(Locale.ROOT));
            mlp = mlp.dense(Integer.parseInt(d.group(1)), Activation.valueOf(d.group(2).toUpperCase(Locale.ROOT)), init);
        }
        return mlp.loss(Loss.valueOf(m.group(3).toUpperCase(Locale.ROOT)));
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream()
                .mapToDouble(v -> v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v)))
                .toArray();
    }
}
