package dev.anneal.spark;

import dev.anneal.runtime.Columns;
import dev.anneal.runtime.DataFacts;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Standardizer;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import dev.anneal.runtime.backend.Workspace;
import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.runtime.training.DataElsewhere;
import dev.anneal.runtime.training.EpochWork;
import dev.anneal.runtime.training.TrainingState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * A data frame's training and validation rows cached on the executors as the workers' shards, as a
 * {@link DataElsewhere}: the driver learns the counts, classes, statistics and identity by
 * aggregations (one small record per shard, summed in worker order, so the same rows give the same
 * bits however the input was partitioned), the epochs train through {@link SparkEpochs} on the
 * shards, and validation runs on the executors, each shard in batches, the sums added in shard order.
 * On the first epoch the shards are standardised there with the run's statistics.
 * {@link SparkTrainer#fit(org.apache.spark.sql.Dataset, org.apache.spark.sql.Dataset)} is the short
 * way; {@link #of(SparkEpochs, Mlp, org.apache.spark.sql.Dataset, org.apache.spark.sql.Dataset, String,
 * String, long, boolean, boolean)} is the way into a {@link dev.anneal.runtime.Trainer} built elsewhere
 * (the tool's, say), whose seed, shuffling and standardisation it must be given. One object serves one run.
 *
 * <pre>{@code
 * try (SparkEpochs onSpark = SparkEpochs.connect("spark://host:7077", 8);
 *      FrameData data = FrameData.of(onSpark, mlp, train, validation, "features", "label", 1, true, true)) {
 *     Trainer.builder(mlp).batchSize(8 * 64).seed(1).standardize(true).build().fit(data);   // batch: 8 x 64
 * }
 * }</pre>
 */
public final class FrameData implements DataElsewhere, AutoCloseable {
    private final JavaSparkContext spark;
    private final SparkEpochs epochs;
    private final Mlp mlp;
    private final DataFacts facts;
    private JavaRDD<Dataset> train;
    private JavaRDD<Dataset> validation;
    private boolean started;

    private FrameData(JavaSparkContext spark, SparkEpochs epochs, Mlp mlp, DataFacts facts, JavaRDD<Dataset> train,
                      JavaRDD<Dataset> validation) {
        this.spark = spark;
        this.epochs = epochs;
        this.mlp = mlp;
        this.facts = facts;
        this.train = train;
        this.validation = validation;
    }

    /**
     * Deals {@code train} (and {@code validation}, may be null) to {@code workers} shards and works out
     * their facts; the statistics only when {@code standardize}.
     */
    static FrameData of(JavaSparkContext spark, SparkEpochs epochs, Mlp mlp, org.apache.spark.sql.Dataset<Row> train,
                        org.apache.spark.sql.Dataset<Row> validation, String featuresCol, String labelCol,
                        FrameShape shape, int workers, boolean shuffle, long shuffleSeed, boolean standardize) {
        JavaRDD<Dataset> t;
        try {
            t = FrameShards.deal(train, featuresCol, labelCol, shape, workers, shuffle, shuffleSeed);
        } catch (Exception e) {   // SparkException (undeclared) when a task found a bad row
            throw FrameShape.userError(e);
        }
        JavaRDD<Dataset> v = null;
        try {
            v = validation == null ? null : FrameShards.deal(validation, featuresCol, labelCol, shape, workers, false, 0);
            List<ShardSums> trainSums = t.map(new Sums(null)).collect();
            long trainHash = 0;
            long rows = 0;
            double[] sum = new double[shape.features()];
            for (ShardSums s : trainSums) {
                trainHash += s.hash();
                rows += s.rows();
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += s.values()[c];
                }
            }
            Standardizer standardizer = null;
            if (standardize) {
                double[] mean = new double[sum.length];
                for (int c = 0; c < sum.length; c++) {
                    mean[c] = sum[c] / rows;
                }
                double[] var = new double[sum.length];
                for (ShardSums s : t.map(new Sums(mean)).collect()) {
                    for (int c = 0; c < var.length; c++) {
                        var[c] += s.values()[c];
                    }
                }
                double[] std = new double[sum.length];
                for (int c = 0; c < std.length; c++) {
                    double d = Math.sqrt(var[c] / rows);
                    std[c] = d > 0 ? d : 1.0;
                }
                standardizer = new Standardizer(mean, std);
            }
            long valHash = 0;
            long valRows = 0;
            if (v != null) {
                for (ShardSums s : v.map(new Sums(null)).collect()) {
                    valHash += s.hash();
                    valRows += s.rows();
                }
            }
            Columns columns = new Columns(featureNames(train.schema(), featuresCol, shape.features()), List.of(labelCol));
            DataFacts facts = new DataFacts((int) rows, (int) valRows, columns, shape.classes(), standardizer,
                    DataFacts.hex(trainHash), v == null ? null : DataFacts.hex(valHash));
            return new FrameData(spark, epochs, mlp, facts, t, v);
        } catch (Exception e) {   // SparkException (undeclared) when a task found a bad row
            t.unpersist(false);
            if (v != null) {
                v.unpersist(false);
            }
            throw FrameShape.userError(e);
        }
    }

    /**
     * The rows of {@code train} and {@code validation} (may be null), data frames with a features vector
     * column and a label column, dealt to {@code epochs}' workers for a trainer of {@code mlp} seeded with
     * {@code seed} that shuffles and standardises as said.
     *
     * @throws IllegalArgumentException naming the column or value when the data does not fit the network
     */
    public static FrameData of(SparkEpochs epochs, Mlp mlp, org.apache.spark.sql.Dataset<Row> train,
                               org.apache.spark.sql.Dataset<Row> validation, String featuresCol, String labelCol,
                               long seed, boolean shuffle, boolean standardize) {
        boolean classification = mlp.loss() == dev.anneal.runtime.Loss.SOFTMAX_CROSS_ENTROPY;
        FrameShape shape = FrameShape.of(train, validation, featuresCol, labelCol, classification, mlp.outputs());
        requireInputs(shape, mlp, featuresCol);
        return of(epochs.context(), epochs, mlp, train, validation, featuresCol, labelCol, shape, epochs.workers(),
                shuffle, dev.anneal.runtime.training.TrainerConfig.shuffleSeed(seed), standardize);
    }

    /**
     * A CSV file, folder of part files or glob at {@code path} (any URI the cluster reads), read and
     * parsed on the executors ({@link SparkCsv#frame()}, label column {@code label}), split there at random
     * ({@code validationFraction} of the rows, from {@code seed}) into training and validation rows and
     * dealt to {@code epochs}' workers. {@code network} makes the network from the data's shape. No row
     * passes through the driver. For a tool that sees no Spark type: the whole of it takes and gives
     * Anneal's and Java's types only.
     *
     * <pre>{@code
     * try (SparkEpochs onSpark = SparkEpochs.connect("spark://host:7077", 8);
     *      FrameData data = FrameData.csv(onSpark, "hdfs:///data/*.csv", "label", 0.2, 1,
     *              shape -> Mlp.input(shape.features()).dense(64, Activation.RELU).dense(shape.classes().size()), true, true)) {
     *     Trainer.builder(data.mlp()).batchSize(8 * 64).seed(1).standardize(true).build().fit(data);
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException naming the path, column or value when the data cannot be read as asked
     */
    public static FrameData csv(SparkEpochs epochs, String path, String label, double validationFraction, long seed,
                                java.util.function.Function<FrameShape, Mlp> network, boolean shuffle,
                                boolean standardize) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        org.apache.spark.sql.Dataset<Row> rows = SparkCsv.of(epochs.context(), path).label(label).frame();
        org.apache.spark.sql.Dataset<Row>[] parts = rows.randomSplit(new double[] {1 - validationFraction,
                validationFraction}, seed);
        FrameShape shape = FrameShape.of(parts[0], parts[1], "features", "label", true, 1000);
        Mlp mlp = network.apply(shape);
        requireInputs(shape, mlp, "features");
        if (mlp.outputs() != shape.classes().size()) {
            throw new IllegalArgumentException("label column '" + label + "' has " + shape.classes().size()
                    + " classes; the network has " + mlp.outputs() + " outputs");
        }
        return of(epochs.context(), epochs, mlp, parts[0], parts[1], "features", "label", shape, epochs.workers(),
                shuffle, dev.anneal.runtime.training.TrainerConfig.shuffleSeed(seed), standardize);
    }

    /** The network takes vectors of the frame's width, else an error naming the column. */
    static void requireInputs(FrameShape shape, Mlp mlp, String featuresCol) {
        if (shape.features() != mlp.inputs()) {
            throw new IllegalArgumentException("features column '" + featuresCol + "' holds vectors of "
                    + shape.features() + " values; the network takes " + mlp.inputs());
        }
    }

    /** The network these rows are for. */
    public Mlp mlp() {
        return mlp;
    }

    /**
     * The names of the vector's slots: those its ML attributes give (VectorAssembler's input columns,
     * {@link SparkCsv#frame()}'s header), else {@code features[0]}, {@code features[1]}, ...
     */
    private static List<String> featureNames(org.apache.spark.sql.types.StructType schema, String features, int n) {
        org.apache.spark.ml.attribute.AttributeGroup group =
                org.apache.spark.ml.attribute.AttributeGroup.fromStructField(schema.apply(features));
        if (group.attributes().isDefined() && group.size() == n) {
            List<String> named = new ArrayList<>(n);
            for (org.apache.spark.ml.attribute.Attribute a : group.attributes().get()) {
                if (a.name().isEmpty()) {
                    break;
                }
                named.add(a.name().get());
            }
            if (named.size() == n && named.stream().distinct().count() == n) {
                return named;
            }
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(features + "[" + i + "]");
        }
        return out;
    }

    @Override
    public DataFacts facts() {
        return facts;
    }

    @Override
    public void train(EpochWork work) {
        if (!started) {
            Standardizer s = work.standardizer();
            if (s != null) {
                train = standardized(train, s);
                validation = validation == null ? null : standardized(validation, s);
            }
            epochs.shards(train);
            started = true;
        }
        epochs.train(work);
    }

    /** {@code shards} standardised and cached in their place (the raw ones unpersisted once these are made). */
    private static JavaRDD<Dataset> standardized(JavaRDD<Dataset> shards, Standardizer s) {
        double[] mean = s.mean();
        double[] std = s.std();
        JavaRDD<Dataset> out = shards.map(d -> new Standardizer(mean, std).apply(d)).persist(StorageLevel.MEMORY_ONLY());
        out.count();
        shards.unpersist(false);
        return out;
    }

    @Override
    public Validation validate(EpochWork work) {
        Broadcast<PackedState> state = spark.broadcast(PackedState.of(work.state(), work.precision()));
        try {
            List<double[]> parts = validation.map(new Validate(mlp, work.precision(), state, work.batchSize()))
                    .collect();
            double loss = 0;
            double correct = 0;
            for (double[] p : parts) {
                loss += p[0];
                correct += p[1];
            }
            return new Validation(loss / facts.validationRows(), correct / facts.validationRows());
        } finally {
            state.destroy();
        }
    }

    /** Unpersists the shards the executors cache. */
    @Override
    public void close() {
        train.unpersist(false);
        if (validation != null) {
            validation.unpersist(false);
        }
    }

    /**
     * A shard's row count, row-hash sum and per-feature sums (of the values, or with {@code mean} of the
     * squared deviations from it).
     */
    record ShardSums(long rows, long hash, double[] values) implements Serializable {
    }

    /** A shard's sums, on its executor. */
    private record Sums(double[] mean) implements Function<Dataset, ShardSums> {

        @Override
        public ShardSums call(Dataset d) {
            int f = d.features();
            int k = d.targets();
            double[] x = d.x();
            double[] y = d.y();
            double[] values = new double[f];
            long hash = 0;
            for (int r = 0; r < d.rows(); r++) {
                for (int c = 0; c < f; c++) {
                    double v = x[r * f + c];
                    if (mean == null) {
                        values[c] += v;
                    } else {
                        double dev = v - mean[c];
                        values[c] += dev * dev;
                    }
                }
                if (mean == null) {
                    hash += DataFacts.rowHash(java.util.Arrays.copyOfRange(x, r * f, (r + 1) * f),
                            java.util.Arrays.copyOfRange(y, r * k, (r + 1) * k));
                }
            }
            return new ShardSums(d.rows(), hash, values);
        }
    }

    /** One shard's validation loss sum and correct rows at the shipped parameters, on its executor. */
    private record Validate(Mlp mlp, Precision precision, Broadcast<PackedState> state, int batchSize)
            implements Function<Dataset, double[]> {

        @Override
        public double[] call(Dataset d) {
            Network net = mlp.build(CpuBackend.create(precision, Recipe.workerThreads()), 0);
            TrainingState s = state.value().unpack();
            for (int i = 0; i < net.parameters().size(); i++) {
                net.parameters().get(i).set(s.parameters()[i]);
            }
            Backend b = net.backend();
            int rows = d.rows();
            Tensor x = b.upload(d.x(), rows, d.features());
            Tensor y = b.upload(d.y(), rows, d.targets());
            int[] identity = new int[rows];
            java.util.Arrays.setAll(identity, i -> i);
            int batches = (rows + batchSize - 1) / batchSize;
            Tensor stats = b.zeros(batches, 2);
            for (int i = 0; i < batches; i++) {
                int from = i * batchSize;
                Workspace ws = net.workspace(Math.min(batchSize, rows - from));
                b.gatherRows(x, identity, from, ws.x);
                b.gatherRows(y, identity, from, ws.y);
                net.forward(ws);
                net.loss(ws, stats, i, false);
            }
            double[] host = new double[batches * 2];
            b.download(stats, host);
            double loss = 0;
            double correct = 0;
            for (int i = 0; i < batches; i++) {
                loss += host[2 * i] * Math.min(batchSize, rows - i * batchSize);
                correct += host[2 * i + 1];
            }
            return new double[] {loss, correct};
        }
    }
}
