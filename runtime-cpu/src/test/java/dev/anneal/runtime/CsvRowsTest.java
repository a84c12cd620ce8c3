package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Column names: kept from a CSV header, numbered for arrays, and used to read new rows by name. */
class CsvRowsTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aCsvKeepsItsHeadersNamesAndArraysAreNumbered() throws IOException {
        Dataset d = Dataset.csv(write("a,kind,b\n1,dog,2\n3,cat,4\n")).label("kind").read();
        assertEquals(new Columns(List.of("a", "b"), List.of("kind")), d.columns());
        assertEquals(d.columns(), d.split(1).validation().columns(), "a split keeps the names");
        Dataset arrays = Dataset.classification(new double[][] {{0, 1}, {1, 0}}, new int[] {0, 1});
        assertEquals(new Columns(List.of("f0", "f1"), List.of("label")), arrays.columns());
        Dataset regression = Dataset.regression(new double[][] {{0}, {1}}, new double[][] {{1, 2}, {3, 4}});
        assertEquals(List.of("target0", "target1"), regression.columns().targets());
        Dataset named = regression.withColumns(new Columns(List.of("area"), List.of("price", "rent")));
        assertEquals(List.of("area"), named.columns().features());
    }

    @Test
    void aHeaderNamingTwoColumnsAlikeIsRefused() throws IOException {
        Path f = write("a,b,a,label\n1,2,3,x\n4,5,6,y\n");
        String message = assertThrows(IllegalArgumentException.class, () -> Dataset.csv(f).label("label").read())
                .getMessage();
        assertEquals(f + ": the header names columns 1 and 3 both 'a'; column names must differ", message);
    }

    @Test
    void rowsAreReadByNameInTheModelsOrderIgnoringOtherColumns() throws IOException {
        Path f = write("id,b,label,a\n7,2,dog,1\n8,4,cat,3\n");
        CsvSource.Rows rows = Dataset.csv(f).label("label").rows(List.of("a", "b"));
        assertArrayEquals(new double[] {1, 2}, rows.features()[0]);
        assertArrayEquals(new double[] {3, 4}, rows.features()[1]);
        assertEquals(List.of("dog", "cat"), rows.labels());
        assertNull(Dataset.csv(f).label("species").rows(List.of("a")).labels(), "no such label column: no labels");
    }

    @Test
    void missingColumnsAreNamedAndABadCellHasItsLineAndColumn() throws IOException {
        Path f = write("b,label\n2,dog\n");
        String missing = assertThrows(IllegalArgumentException.class,
                () -> Dataset.csv(f).label("label").rows(List.of("a", "b", "c"))).getMessage();
        assertEquals(f + ": no columns 'a', 'c' (the model's features are [a, b, c]); the header has [b, label]", missing);
        Path g = write("a,b\n1,2\n3,x4\n");
        String cell = assertThrows(IllegalArgumentException.class, () -> Dataset.csv(g).rows(List.of("a", "b")))
                .getMessage();
        assertEquals(g + ": line 3, column 2 ('b'): 'x4' is not a number", cell);
    }
}
