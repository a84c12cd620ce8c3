package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Dataset;
import dev.anneal.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV read by Spark's reader on {@code local[2]}, against {@code Dataset.csv} on the same files. */
class SparkCsvTest {
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aFileReadBySparkEqualsTheSameFileReadOnOneMachine() {
        Path synth = SharedData.file("data/synth-1000x20.csv");
        Dataset bySpark = SparkCsv.of(spark, synth.toString()).label("label").read();
        Dataset local = Dataset.csv(synth).label("label").read();
        assertEquals(1000, bySpark.rows());
        assertEquals(20, bySpark.features());
        assertEquals(local.classes(), bySpark.classes());
        for (int i = 0; i < local.rows(); i++) {
            assertArrayEquals(local.features(i), bySpark.features(i), "row " + i);
            assertEquals(local.label(i), bySpark.label(i), "row " + i);
        }
    }

    @Test
    void aFolderOfPartFilesHoldsEveryRowOnceWithNamedClassesInOrder() throws IOException {
        Path parts = Files.createDirectories(dir.resolve("parts"));
        Files.writeString(parts.resolve("part-0.csv"), "a,b,kind\n1,2,dog\n3,4,cat\n5,6,dog\n");
        Files.writeString(parts.resolve("part-1.csv"), "a,b,kind\n7,8,emu\n9,10,cat\n");
        Dataset d = SparkCsv.of(spark, parts.toString()).label("kind").read();
        assertEquals(List.of("cat", "dog", "emu"), d.classes());
        Set<String> rows = new TreeSet<>();
        for (int i = 0; i < d.rows(); i++) {
            rows.add((int) d.features(i)[0] + "," + (int) d.features(i)[1] + "," + d.classes().get(d.label(i)));
        }
        assertEquals(Set.of("1,2,dog", "3,4,cat", "5,6,dog", "7,8,emu", "9,10,cat"), rows);
        assertEquals(5, d.rows());
    }

    @Test
    void aRegressionTargetByIndexWithSpacesAroundCells() throws IOException {
        Path f = write("y, x1 ,x2\n 1.5, 2,3\n-0.25,4 , 5\n");
        Dataset d = SparkCsv.of(spark, f.toString()).label(0).regression().read();
        assertEquals(2, d.rows());
        assertArrayEquals(new double[] {1.5}, d.targets(0));
        assertArrayEquals(new double[] {-0.25}, d.targets(1));
        assertArrayEquals(new double[] {4, 5}, d.features(1));
    }

    @Test
    void badInputGetsOneLineNamingThePathAndWhatIsWrong() throws IOException {
        List<String> messages = new ArrayList<>();
        Path f = write("a,b,y\n1,2,p\n3,x7,q\n");
        messages.add(error(() -> SparkCsv.of(spark, f.toString()).label("y").read()));
        assertEquals(f + ": data row 2, column 'b': 'x7', expected a number", messages.get(0));

        messages.add(error(() -> SparkCsv.of(spark, f.toString()).label("label").read()));
        assertEquals(f + ": label column 'label' not in the header [a, b, y]", messages.get(1));

        Path one = write("a,y\n1,p\n2,p\n");
        messages.add(error(() -> SparkCsv.of(spark, one.toString()).read()));
        assertEquals(one + ": label column 'y' has one class only ('p'); classification needs at least 2",
                messages.get(2));

        Path ragged = write("a,b,y\n1,2,p\n3,q\n");
        messages.add(error(() -> SparkCsv.of(spark, ragged.toString()).read()));
        assertTrue(messages.get(3).startsWith(ragged + ": Spark's reader failed on a data row (expected 3 cells, as in"
                + " the header): "),
                messages.get(3));

        String missing = dir.resolve("no-such.csv").toString();
        messages.add(error(() -> SparkCsv.of(spark, missing).read()));
        assertTrue(messages.get(4).startsWith(missing + ": ") && messages.get(4).contains("no-such.csv"),
                messages.get(4));
        for (String m : messages) {
            assertTrue(m.length() < 400 && !m.contains("\n") && !m.contains("\tat "), m);
        }
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "d", ".csv");
        Files.writeString(f, text);
        return f;
    }

    private static String error(org.junit.jupiter.api.function.Executable read) {
        return assertThrows(IllegalArgumentException.class, read).getMessage();
    }
}
