package dev.anneal.runtime.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep file, JSON or YAML (by its extension: {@code .yaml}/{@code .yml}, otherwise JSON), the
 * same things as {@code anneal sweep}'s options:
 * <pre>
 * schedules: ["warmup({w}) then cosine(etaMin={eta})", "CosineAnnealingLR(T_max=20)"]
 * holes: {w: [0, 2.epochs, 5.epochs], eta: [0, 1e-4]}
 * lr: [0.03, 0.1]                # or lrLogUniform: [1e-3, 1] with random
 * optimizers: [sgd, adamw]
 * weightDecay: [0, 5e-4]
 * batch: [32]
 * seeds: [1, 2]
 * epochs: 20
 * random: {trials: 30, seed: 7}  # leave out for a grid
 * halving: {eta: 3, minEpochs: 2, metric: val_loss}
 * </pre>
 * <pre>{@code
 * SweepSpec spec = SweepSpec.read(Path.of("sweep.yaml"));
 * SearchSpace space = spec.space(SearchSpace.builder()).build();
 * }</pre>
 * A file that does not parse, an unknown key or a value of the wrong kind is reported with the
 * file, line and column.
 */
public final class SweepSpec {
    /** The file's entries; absent ones are null. */
    static final class Entries {
        public List<String> schedules;
        public LinkedHashMap<String, List<String>> holes;
        public List<Double> lr;
        public List<Double> lrLogUniform;
        public List<String> optimizers;
        public List<Double> weightDecay;
        public List<Integer> batch;
        public List<Long> seeds;
        public Integer epochs;
        public RandomEntry random;
        public HalvingEntry halving;
    }

    /** {@code random: {trials: N, seed: S}}. */
    static final class RandomEntry {
        public int trials;
        public long seed;
    }

    /** {@code halving: {eta: 3, minEpochs: 2, metric: val_loss}}. */
    static final class HalvingEntry {
        public int eta = 3;
        public int minEpochs = 1;
        public String metric = "val_loss";
    }

    private final Entries entries;

    private SweepSpec(Entries entries) {
        this.entries = entries;
    }

    /** Reads {@code file}; an {@link IllegalArgumentException} names the line and column of what is wrong. */
    public static SweepSpec read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml")
                ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            Entries e = mapper.readValue(file.toFile(), Entries.class);
            return new SweepSpec(e == null ? new Entries() : e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            String message = e.getOriginalMessage().lines().findFirst().orElse("");
            int known = message.indexOf(" (");
            if (message.startsWith("Unrecognized field") && known > 0) {
                message = message.substring(0, known) + "; expected one of schedules, holes, lr, lrLogUniform, "
                        + "optimizers, weightDecay, batch, seeds, epochs, random, halving";
            }
            throw new IllegalArgumentException("sweep file " + file + ": " + where + message, e);
        }
    }

    /** The halving the file asks for, or null. */
    public Halving halving() {
        HalvingEntry h = entries.halving;
        return h == null ? null : new Halving(h.eta, h.minEpochs, Halving.metric(h.metric));
    }

    /** The file's schedules (possibly none). */
    public List<String> schedules() {
        return entries.schedules == null ? List.of() : List.copyOf(entries.schedules);
    }

    /** Puts the file's entries into {@code space} (set options there afterwards to override them). */
    public SearchSpace.Builder space(SearchSpace.Builder space) {
        if (entries.schedules != null) {
            space.schedule(entries.schedules.toArray(String[]::new));
        }
        if (entries.holes != null) {
            for (Map.Entry<String, List<String>> h : entries.holes.entrySet()) {
                space.hole(h.getKey(), h.getValue() == null ? List.of() : h.getValue());
            }
        }
        if (entries.lr != null) {
            space.lrs(entries.lr.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (entries.lrLogUniform != null) {
            if (entries.lrLogUniform.size() != 2) {
                throw new IllegalArgumentException("sweep file: lrLogUniform must be [min, max], got "
                        + entries.lrLogUniform);
            }
            space.lrLogUniform(entries.lrLogUniform.get(0), entries.lrLogUniform.get(1));
        }
        if (entries.optimizers != null) {
            space.optimizers(entries.optimizers.toArray(String[]::new));
        }
        if (entries.weightDecay != null) {
            space.weightDecays(entries.weightDecay.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (entries.batch != null) {
            space.batchSizes(entries.batch.stream().mapToInt(Integer::intValue).toArray());
        }
        if (entries.seeds != null) {
            space.seeds(entries.seeds.stream().mapToLong(Long::longValue).toArray());
        }
        if (entries.epochs != null) {
            space.epochs(entries.epochs);
        }
        if (entries.random != null) {
            space.random(entries.random.trials, entries.random.seed);
        }
        return space;
    }
}
