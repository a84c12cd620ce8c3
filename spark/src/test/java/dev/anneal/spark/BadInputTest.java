package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data a Spark run cannot use: one line that names the bad value and what was expected, and no run folder. */
class BadInputTest {
    private static final Mlp MLP = Mlp.input(20).dense(8, Activation.RELU).dense(2);
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static void assertOneLine(String message, String... parts) {
        assertFalse(message.contains("\n"), "one line: " + message);
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' in: " + message);
        }
    }

    private static IllegalArgumentException fitInto(Path folder, org.apache.spark.sql.Dataset<Row> frame) {
        return fitInto(folder, frame, MLP);
    }

    private static IllegalArgumentException fitInto(Path folder, org.apache.spark.sql.Dataset<Row> frame, Mlp mlp) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.builder(spark, mlp).runFolder(RunFolder.at(folder)).build().fit(frame, null));
        assertFalse(Files.exists(folder), "nothing written: " + folder);
        return e;
    }

    @Test
    void aPathThatDoesNotExistIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkCsv.of(spark, "file:///no/such/folder/part-*.csv").frame());
        System.out.println("a path that does not exist: " + e.getMessage());
        assertOneLine(e.getMessage(), "file:///no/such/folder/part-*.csv", "expected a CSV file");
    }

    @Test
    void aMissingLabelColumnIsNamedWithTheColumnsThereAre(@TempDir Path dir) {
        org.apache.spark.sql.Dataset<Row> frame = FrameTrainingTest.frame(spark, SparkTrainerTest.SPLIT.train(), 2)
                .withColumnRenamed("label", "y");
        IllegalArgumentException e = fitInto(dir.resolve("run"), frame);
        assertOneLine(e.getMessage(), "no label column 'label'", "[features, y]", "expected");
    }

    @Test
    void aFeaturesColumnThatIsNotAVectorIsNamedWithItsType(@TempDir Path dir) {
        StructType schema = new StructType().add("features", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
        org.apache.spark.sql.Dataset<Row> frame = SparkSession.builder().sparkContext(spark.sc()).getOrCreate()
                .createDataFrame(List.of(RowFactory.create(1.0, 0.0), RowFactory.create(2.0, 1.0)), schema);
        IllegalArgumentException e = fitInto(dir.resolve("run"), frame);
        assertEquals("training data: features column 'features' is of type double; expected a vector "
                + "(org.apache.spark.ml.linalg.Vector, e.g. made by VectorAssembler)", e.getMessage());
    }

    @Test
    void aCellThatIsNotANumberIsNamedWithItsColumn(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b,label\n1,2,x\n3,oops,y\n");
        org.apache.spark.sql.Dataset<Row> frame = SparkCsv.of(spark, csv.toString()).frame();
        IllegalArgumentException e = fitInto(dir.resolve("run"), frame, Mlp.input(2).dense(2));
        assertOneLine(e.getMessage(), "column 'b'", "'oops'", "expected a number");
    }

    @Test
    void aMasterThatDoesNotAnswerIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkEpochs.connect("spark://127.0.0.1:1", 2));
        assertOneLine(e.getMessage(), "spark://127.0.0.1:1", "cannot connect to the Spark master");
    }
}
