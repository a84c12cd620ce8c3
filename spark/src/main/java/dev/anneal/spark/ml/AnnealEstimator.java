package dev.anneal.spark.ml;

import dev.anneal.Schedule;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.spark.FrameShape;
import dev.anneal.spark.SparkTrainer;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark ML params and the training shared by {@link AnnealClassifier} and {@link AnnealRegressor}:
 * {@code fit(df)} trains an MLP data-parallel with {@link SparkTrainer} on the rows of {@code df}
 * (they stay on the executors) and returns the model. Not used on its own.
 *
 * <pre>{@code
 * new AnnealClassifier().setLayers(new int[] {64}).setSchedule("warmup(50) then cosine(450)").setEpochs(20)
 * }</pre>
 *
 * @param <E> the estimator
 * @param <M> its model
 */
public abstract class AnnealEstimator<E extends AnnealEstimator<E, M>, M extends Model<M>> extends Estimator<M>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final IntArrayParam layers;
    private final Param<String> activation;
    private final Param<String> schedule;
    private final Param<String> optimizer;
    private final DoubleParam lr;
    private final DoubleParam momentum;
    private final IntParam epochs;
    private final IntParam batchPerWorker;
    private final IntParam workers;
    private final IntParam averageEvery;
    private final LongParam seed;
    private final BooleanParam standardize;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;

    AnnealEstimator(String uid) {
        this.uid = uid;
        layers = new IntArrayParam(this, "layers", "units of each hidden layer, e.g. [64, 64] (the output layer is"
                + " added: one unit a class, or one for regression)");
        activation = new Param<>(this, "activation", "the hidden layers' activation: relu, tanh, sigmoid, gelu or identity");
        schedule = new Param<>(this, "schedule", "the learning-rate schedule as text, e.g. 'warmup(50) then cosine(450)'"
                + " (steps are global steps); empty: constant");
        optimizer = new Param<>(this, "optimizer", "sgd, adam or adamw");
        lr = new DoubleParam(this, "lr", "the base learning rate");
        momentum = new DoubleParam(this, "momentum", "SGD's momentum (ignored by Adam)");
        epochs = new IntParam(this, "epochs", "passes over the training rows");
        batchPerWorker = new IntParam(this, "batchPerWorker", "rows per step on each worker");
        workers = new IntParam(this, "workers", "Spark tasks training at once, one shard of the rows each");
        averageEvery = new IntParam(this, "averageEvery", "steps each worker runs between two averagings (0: once an epoch)");
        seed = new LongParam(this, "seed", "the seed of the initial parameters and the shuffling");
        standardize = new BooleanParam(this, "standardize", "standardise features with the training rows' statistics");
        featuresCol = new Param<>(this, "featuresCol", "the features vector column");
        labelCol = new Param<>(this, "labelCol", "the label column");
        predictionCol = new Param<>(this, "predictionCol", "the prediction column transform adds");
        setDefault(layers, new int[] {64});
        setDefault(activation, "relu");
        setDefault(schedule, "");
        setDefault(optimizer, "sgd");
        setDefault(lr, 0.05);
        setDefault(momentum, 0.9);
        setDefault(epochs, 10);
        setDefault(batchPerWorker, 32);
        setDefault(workers, 2);
        setDefault(averageEvery, 0);
        setDefault(seed, 0L);
        setDefault(standardize, true);
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
    }

    @Override
    public String uid() {
        return uid;
    }

    // ---- params (Spark ML finds them by these methods) ----

    /** Units of each hidden layer (default [64]). */
    public IntArrayParam layers() {
        return layers;
    }

    /** The hidden layers' activation (default relu). */
    public Param<String> activation() {
        return activation;
    }

    /** The learning-rate schedule's text (default: none, a constant learning rate). */
    public Param<String> schedule() {
        return schedule;
    }

    /** sgd, adam or adamw (default sgd). */
    public Param<String> optimizer() {
        return optimizer;
    }

    /** The base learning rate (default 0.05). */
    public DoubleParam lr() {
        return lr;
    }

    /** SGD's momentum (default 0.9). */
    public DoubleParam momentum() {
        return momentum;
    }

    /** Passes over the rows (default 10). */
    public IntParam epochs() {
        return epochs;
    }

    /** Rows per step on each worker (default 32). */
    public IntParam batchPerWorker() {
        return batchPerWorker;
    }

    /** Workers (default 2). */
    public IntParam workers() {
        return workers;
    }

    /** Steps between averagings (default 0: once an epoch, one pass over each shard). */
    public IntParam averageEvery() {
        return averageEvery;
    }

    /** The seed (default 0). */
    public LongParam seed() {
        return seed;
    }

    /** Whether to standardise the features (default true). */
    public BooleanParam standardize() {
        return standardize;
    }

    /** The features vector column (default features). */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /** The label column (default label). */
    public Param<String> labelCol() {
        return labelCol;
    }

    /** The prediction column (default prediction). */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    // ---- setters and getters ----

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    public E setLayers(int[] value) {
        set(layers, value.clone());
        return self();
    }

    public E setActivation(String value) {
        set(activation, value);
        return self();
    }

    public E setSchedule(String value) {
        set(schedule, value);
        return self();
    }

    public E setOptimizer(String value) {
        set(optimizer, value);
        return self();
    }

    public E setLr(double value) {
        set(lr, value);
        return self();
    }

    public E setMomentum(double value) {
        set(momentum, value);
        return self();
    }

    public E setEpochs(int value) {
        set(epochs, value);
        return self();
    }

    public E setBatchPerWorker(int value) {
        set(batchPerWorker, value);
        return self();
    }

    public E setWorkers(int value) {
        set(workers, value);
        return self();
    }

    public E setAverageEvery(int value) {
        set(averageEvery, value);
        return self();
    }

    public E setSeed(long value) {
        set(seed, value);
        return self();
    }

    public E setStandardize(boolean value) {
        set(standardize, value);
        return self();
    }

    public E setFeaturesCol(String value) {
        set(featuresCol, value);
        return self();
    }

    public E setLabelCol(String value) {
        set(labelCol, value);
        return self();
    }

    public E setPredictionCol(String value) {
        set(predictionCol, value);
        return self();
    }

    public int[] getLayers() {
        return getOrDefault(layers);
    }

    public String getActivation() {
        return getOrDefault(activation);
    }

    public String getSchedule() {
        return getOrDefault(schedule);
    }

    public String getOptimizer() {
        return getOrDefault(optimizer);
    }

    public double getLr() {
        return (Double) getOrDefault(lr);
    }

    public double getMomentum() {
        return (Double) getOrDefault(momentum);
    }

    public int getEpochs() {
        return (Integer) getOrDefault(epochs);
    }

    public int getBatchPerWorker() {
        return (Integer) getOrDefault(batchPerWorker);
    }

    public int getWorkers() {
        return (Integer) getOrDefault(workers);
    }

    public int getAverageEvery() {
        return (Integer) getOrDefault(averageEvery);
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public boolean getStandardize() {
        return (Boolean) getOrDefault(standardize);
    }

    public String getFeaturesCol() {
        return getOrDefault(featuresCol);
    }

    public String getLabelCol() {
        return getOrDefault(labelCol);
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    // ---- training ----

    /** Whether the label is a class (else a regression target). */
    abstract boolean classification();

    /** The model of a trained network. */
    abstract M model(String uid, ModelWeights weights);

    @Override
    public StructType transformSchema(StructType schema) {
        FrameShape.check(schema, "data", getFeaturesCol(), getLabelCol(), classification());
        return ModelWeights.outputSchema(schema, getPredictionCol(), classification() ? probabilityColumn() : null);
    }

    /** The probability column of a classifier's model, or null. */
    String probabilityColumn() {
        return null;
    }

    @Override
    public M fit(Dataset<?> dataset) {
        Dataset<Row> df = dataset.toDF();
        transformSchema(df.schema());
        boolean classes = classification();
        FrameShape shape = FrameShape.of(df, null, getFeaturesCol(), getLabelCol(), classes, 10_000);
        Mlp mlp = Mlp.input(shape.features());
        Activation act = activation(getActivation());
        for (int units : getLayers()) {
            mlp = mlp.dense(units, act);
        }
        mlp = classes ? mlp.dense(shape.classes().size()) : mlp.dense(1).loss(Loss.MSE);
        SparkTrainer.Builder b = SparkTrainer.builder(JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()),
                        mlp)
                .workers(getWorkers()).batchSize(getBatchPerWorker()).averageEvery(getAverageEvery())
                .optimizer(optimizer(getOptimizer(), getLr(), getMomentum())).epochs(getEpochs()).seed(getSeed())
                .standardize(getStandardize()).featuresCol(getFeaturesCol()).labelCol(getLabelCol());
        if (!getSchedule().isBlank()) {
            b.schedule(Schedule.parse(getSchedule()));
        }
        SparkTrainer trainer = b.build();
        trainer.fit(df, null, shape);
        Network net = trainer.network();
        M model = model(uid, ModelWeights.of(getLayers(), getActivation(), net, shape.classes()));
        copyValues(model, org.apache.spark.ml.param.ParamMap.empty());
        return model.setParent(this);
    }

    private static Activation activation(String name) {
        try {
            return Activation.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("activation '" + name + "': expected relu, tanh, sigmoid, gelu or identity");
        }
    }

    private static Optimizer optimizer(String name, double lr, double momentum) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> Optimizer.sgd(lr).momentum(momentum);
            case "adam" -> Optimizer.adam(lr);
            case "adamw" -> Optimizer.adamW(lr);
            default -> throw new IllegalArgumentException("optimizer '" + name + "': expected sgd, adam or adamw");
        };
    }
}
