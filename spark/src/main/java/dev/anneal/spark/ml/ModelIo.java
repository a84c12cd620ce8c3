package dev.anneal.spark.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Saving and loading a model as Spark ML's own models are saved: {@code metadata/} (the class, uid and
 * params, by Spark's {@link DefaultParamsWriter}) beside {@code data/}, a one-row Parquet file of the
 * {@link ModelWeights}, so that any file system Spark writes to holds it and a saved
 * {@code PipelineModel} carries it.
 */
final class ModelIo {
    private static final StructType SCHEMA = new StructType()
            .add("inputs", DataTypes.IntegerType, false)
            .add("hidden", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("activation", DataTypes.StringType, false)
            .add("classes", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("parameters", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false),
                    false)
            .add("mean", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("std", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("precision", DataTypes.StringType, false);

    private ModelIo() {
    }

    /** Writes a model's metadata and weights. */
    static final class Writer extends MLWriter {
        private final AnnealModel<?> model;

        Writer(AnnealModel<?> model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            ModelWeights w = model.weights();
            List<Integer> hidden = new ArrayList<>();
            for (int h : w.hidden()) {
                hidden.add(h);
            }
            List<List<Double>> params = new ArrayList<>();
            for (double[] p : w.parameters()) {
                params.add(boxed(p));
            }
            Row row = RowFactory.create(w.inputs(), CollectionConverters.asScala(hidden).toSeq(), w.activation(),
                    w.classes() == null ? null : CollectionConverters.asScala(w.classes()).toSeq(),
                    CollectionConverters.asScala(params.stream().map(l -> CollectionConverters.asScala(l).toSeq())
                            .toList()).toSeq(),
                    w.mean() == null ? null : CollectionConverters.asScala(boxed(w.mean())).toSeq(),
                    w.std() == null ? null : CollectionConverters.asScala(boxed(w.std())).toSeq(), w.precision());
            sparkSession().createDataFrame(List.of(row), SCHEMA).repartition(1).write().parquet(path + "/data");
        }

        private static List<Double> boxed(double[] values) {
            List<Double> out = new ArrayList<>(values.length);
            for (double v : values) {
                out.add(v);
            }
            return out;
        }
    }

    /** Reads a model written by {@link Writer}. */
    static final class Reader<M extends AnnealModel<M>> extends MLReader<M> {
        private final BiFunction<String, ModelWeights, M> make;

        Reader(BiFunction<String, ModelWeights, M> make) {
            this.make = make;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(), "");
            Row r = sparkSession().read().parquet(path + "/data").first();
            List<Integer> hidden = r.getList(1);
            int[] h = hidden.stream().mapToInt(Integer::intValue).toArray();
            List<String> classes = r.isNullAt(3) ? null : List.copyOf(r.<String>getList(3));
            List<scala.collection.Seq<Double>> ps = r.getList(4);
            double[][] params = new double[ps.size()][];
            for (int i = 0; i < params.length; i++) {
                params[i] = unboxed(CollectionConverters.asJava(ps.get(i)));
            }
            ModelWeights w = new ModelWeights(r.getInt(0), h, r.getString(2), classes, params,
                    r.isNullAt(5) ? null : unboxed(r.getList(5)), r.isNullAt(6) ? null : unboxed(r.getList(6)),
                    r.getString(7));
            M model = make.apply(metadata.uid(), w);
            metadata.getAndSetParams(model, scala.Option.empty());
            return model;
        }

        private static double[] unboxed(List<Double> values) {
            double[] out = new double[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }
    }
}
