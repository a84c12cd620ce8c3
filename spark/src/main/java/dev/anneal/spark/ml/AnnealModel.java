package dev.anneal.spark.ml;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link AnnealClassificationModel} and {@link AnnealRegressionModel} share: the trained network,
 * the column params, {@code transform} (predictions computed on the executors, in batches) and saving
 * ({@link MLWritable}: Spark's params metadata beside a one-row Parquet file of the weights). Not used
 * on its own.
 *
 * <pre>{@code
 * Dataset<Row> scored = model.transform(test);   // adds the prediction (and probability) columns
 * model.write().overwrite().save("hdfs:///models/anneal");
 * }</pre>
 *
 * @param <M> the model
 */
public abstract class AnnealModel<M extends AnnealModel<M>> extends Model<M> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final ModelWeights weights;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;

    AnnealModel(String uid, ModelWeights weights) {
        this.uid = uid;
        this.weights = weights;
        featuresCol = new Param<>(this, "featuresCol", "the features vector column");
        labelCol = new Param<>(this, "labelCol", "the label column (training only)");
        predictionCol = new Param<>(this, "predictionCol", "the prediction column transform adds");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The features vector column (default features). */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /** The label column the model was trained on (default label). */
    public Param<String> labelCol() {
        return labelCol;
    }

    /** The prediction column (default prediction). */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    @SuppressWarnings("unchecked")
    M self() {
        return (M) this;
    }

    public M setFeaturesCol(String value) {
        set(featuresCol, value);
        return self();
    }

    public M setPredictionCol(String value) {
        set(predictionCol, value);
        return self();
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

    /** Features per row the model takes. */
    public int numFeatures() {
        return weights.inputs();
    }

    /** The hidden layers' units. */
    public int[] layers() {
        return weights.hidden().clone();
    }

    /** The trained parameters, in the network's order (weights and biases of each layer). */
    public double[][] parameters() {
        double[][] out = new double[weights.parameters().length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = weights.parameters()[i].clone();
        }
        return out;
    }

    ModelWeights weights() {
        return weights;
    }

    /** The probability column, or null for a model without one. */
    String probabilityColumn() {
        return null;
    }

    /** A model of the same kind holding {@code weights}. */
    abstract M make(String uid, ModelWeights weights);

    @Override
    public StructType transformSchema(StructType schema) {
        List<String> names = Arrays.asList(schema.fieldNames());
        String f = getFeaturesCol();
        if (!names.contains(f)) {
            throw new IllegalArgumentException("no features column '" + f + "' among " + names
                    + "; expected a vector column of " + numFeatures() + " values");
        }
        if (!org.apache.spark.ml.linalg.SQLDataTypes.VectorType().equals(schema.apply(f).dataType())) {
            throw new IllegalArgumentException("features column '" + f + "' is of type "
                    + schema.apply(f).dataType().simpleString() + "; expected a vector of " + numFeatures() + " values");
        }
        return ModelWeights.outputSchema(schema, getPredictionCol(), probabilityColumn());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Dataset<Row> df = dataset.toDF();
        StructType out = transformSchema(df.schema());
        int features = df.schema().fieldIndex(getFeaturesCol());
        return df.mapPartitions(new ModelWeights.Predict(weights, features, probabilityColumn() != null),
                Encoders.row(out));
    }

    @Override
    public M copy(ParamMap extra) {
        M copied = make(uid, weights);
        copyValues(copied, extra);
        return copied.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelIo.Writer(this);
    }
}
