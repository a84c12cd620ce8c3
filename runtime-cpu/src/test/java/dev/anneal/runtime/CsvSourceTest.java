package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, text);
        return f;
    }

    private String error(String text, String label) throws IOException {
        Path f = write(text);
        return assertThrows(IllegalArgumentException.class, () -> Dataset.csv(f).label(label).read()).getMessage();
    }

    private String file() {
        return dir.resolve("d.csv").toString();
    }

    @Test
    void stringLabelsBecomeClassesInAlphabeticalOrder() throws IOException {
        Dataset d = Dataset.csv(write("a,kind,b\n1,dog,2\n3,cat,4\n5,dog,6\n")).label("kind").read();
        assertEquals(List.of("cat", "dog"), d.classes());
        assertEquals(1, d.label(0));
        assertEquals(0, d.label(1));
        assertEquals(2, d.features());
        assertEquals(3.0, d.features(1)[0]);
        assertEquals(4.0, d.features(1)[1]);
    }

    @Test
    void integerLabelsAreOrderedNumericallyAndTheLabelCanBeAnIndex() throws IOException {
        Dataset d = Dataset.csv(write("y,x\n10,1\n2,2\n10,3\n")).label(0).read();
        assertEquals(List.of("2", "10"), d.classes());
        assertEquals(1, d.label(0));
    }

    @Test
    void regressionReadsTheLabelAsANumber() throws IOException {
        Dataset d = Dataset.csv(write("x,y\n1,0.5\n2,1.5\n")).label("y").regression().read();
        assertEquals(1, d.targets());
        assertEquals(1.5, d.y()[1]);
    }

    @Test
    void aRaggedRowNamesItsLine() throws IOException {
        assertTrue(error("a,b,y\n1,2,0\n1,2\n", "y").endsWith("line 3 has 2 cells, expected 3 (as in the header)"));
    }

    @Test
    void aNonNumericCellNamesLineAndColumn() throws IOException {
        assertTrue(error("a,b,y\n1,2,0\n1,x7,1\n", "y").endsWith("line 3, column 2 ('b'): 'x7' is not a number"));
    }

    @Test
    void aMissingLabelColumnListsTheHeader() throws IOException {
        assertTrue(error("a,b,y\n1,2,0\n", "label").endsWith("label column 'label' not in the header [a, b, y]"));
    }

    @Test
    void oneClassOnlyIsRefused() throws IOException {
        assertTrue(error("a,y\n1,0\n2,0\n", "y").endsWith("label column 'y' has one class only ('0'); classification needs at least 2"));
    }

    @Test
    void quotedCellsHoldCommasLineBreaksAndDoubledQuotes() throws IOException {
        Dataset d = Dataset.csv(write("a,kind,b\n1,\"big, \"\"red\"\"\",2\n\"3\",\"small\nround\",\" 4\"\n")).label("kind")
                .read();
        assertEquals(List.of("big, \"red\"", "small\nround"), d.classes());
        assertEquals(0, d.label(0));
        assertEquals(1, d.label(1));
        assertArrayEquals(new double[] {3, 4}, d.features(1));
    }

    @Test
    void errorsNameThePhysicalLineWhereTheRecordStarts() throws IOException {
        assertEquals(file() + ": line 4, column 1 ('a'): 'z' is not a number",
                error("a,kind\n1,\"x\ny\"\nz,w\n", "kind"));
        assertEquals(file() + ": line 2, column 3 ('b'): 'q' is not a number",
                error("a,kind,b\n1,\"x\ny\",q\n", "kind"));
    }

    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        Path f = dir.resolve("bom.csv");
        Files.write(f, "\uFEFFy,a\n0.5,1\n1.5,2\n".getBytes(StandardCharsets.UTF_8));
        Dataset d = Dataset.csv(f).label("y").regression().read();
        assertEquals(2, d.rows());
        assertEquals(2.0, d.features(1)[0]);
    }

    @Test
    void crlfLineEndsAreNotPartOfTheCells() throws IOException {
        Dataset d = Dataset.csv(write("a,y\r\n1,p\r\n2,\"q\r\nr\"\r\n")).label("y").read();
        assertEquals(List.of("p", "q\r\nr"), d.classes());
        assertArrayEquals(new double[] {2}, d.features(1));
    }

    @Test
    void blankLinesAreSkippedAndSpacesAroundCellsTrimmed() throws IOException {
        Dataset d = Dataset.csv(write("a , y\n\n 1 , p \n   \n\r\n2,q\n\n")).label("y").read();
        assertEquals(2, d.rows());
        assertEquals(List.of("p", "q"), d.classes());
        assertArrayEquals(new double[] {1}, d.features(0));
    }

    @Test
    void commentLinesAreSkippedOnlyWhenAsked() throws IOException {
        Path f = write("# made by hand\na,y\n1,p\n# left out, for now\n2,q\n");
        Dataset d = Dataset.csv(f).comments().label("y").read();
        assertEquals(2, d.rows());
        assertArrayEquals(new double[] {2}, d.features(1));
        assertEquals(file() + ": line 4, column 1 ('a'): '#2' is not a number", error("a,y\n1,p\n\n#2,q\n", "y"));
    }

    @Test
    void aHeaderOnlyFileIsRefused() throws IOException {
        assertEquals(file() + ": no data rows after the header", error("a,b,y\n\n", "y"));
        assertEquals(file() + ": empty file, expected a header row", error("", "y"));
    }

    @Test
    void aRowWithTooManyCellsNamesItsLineAfterBlankLines() throws IOException {
        assertEquals(file() + ": line 4 has 4 cells, expected 3 (as in the header)", error("a,b,y\n\n1,2,0\n1,2,3,\n", "y"));
    }

    @Test
    void aNonNumericRegressionTargetNamesItsColumn() throws IOException {
        Path f = write("x,y\n1,0.5\n2,high\n");
        String message = assertThrows(IllegalArgumentException.class,
                () -> Dataset.csv(f).label("y").regression().read()).getMessage();
        assertEquals(file() + ": line 3, column 2 ('y'): 'high' is not a number", message);
    }

    @Test
    void aQuoteNeverClosedNamesTheLineWhereItsRecordStarts() throws IOException {
        assertEquals(file() + ": line 3, column 2: missing closing quote for value", error("a,y\n1,p\n2,\"q\n3,r\n", "y"));
    }

    @Test
    void integerLabelsBeyondLongAreOrderedNumerically() throws IOException {
        Dataset d = Dataset.csv(write("x,y\n1,100000000000000000000\n2,+7\n3,007\n")).label("y").read();
        assertEquals(List.of("7", "100000000000000000000"), d.classes());
        assertEquals(0, d.label(2));
    }

    @Test
    void namedLabelsInMemoryAreOrderedAsTheCsvReaderOrdersThem() throws IOException {
        Dataset fromCsv = Dataset.csv(write("x,y\n0.5,10\n0.25,9\n1,-3\n2,10\n")).label("y").read();
        Dataset inMemory = Dataset.classification(new double[][] {{0.5}, {0.25}, {1}, {2}},
                new String[] {"10", "9", "-3", "10"});
        assertEquals(List.of("-3", "9", "10"), inMemory.classes());
        assertEquals(fromCsv.classes(), inMemory.classes());
        for (int i = 0; i < 4; i++) {
            assertEquals(fromCsv.label(i), inMemory.label(i));
            assertArrayEquals(fromCsv.features(i), inMemory.features(i));
        }
        assertEquals(List.of("cat", "dog"),
                Dataset.classification(new double[][] {{1}, {2}}, new String[] {"dog", "cat"}).classes());
    }

    @Test
    void aFolderIsRefused() {
        String message = assertThrows(IllegalArgumentException.class, () -> Dataset.csv(dir).label("y").read())
                .getMessage();
        assertEquals(dir + ": not a regular file; the CSV reader reads it twice", message);
    }

    @Test
    void aStratifiedSplitKeepsEachClassShare() {
        double[][] x = new double[100][1];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i][0] = i;
            y[i] = i < 80 ? 0 : 1;
        }
        Split s = Dataset.classification(x, y).split(0.25, 3, true);
        assertEquals(75, s.train().rows());
        long ones = java.util.stream.IntStream.range(0, 25).filter(i -> s.validation().label(i) == 1).count();
        assertEquals(5, ones);
        Split again = Dataset.classification(x, y).split(0.25, 3, true);
        assertEquals(s.validation().features(0)[0], again.validation().features(0)[0]);
    }

    @Test
    void theStandardizerIsFittedOnTrainingRowsOnly() {
        Dataset d = Dataset.regression(new double[][] {{1}, {3}, {100}}, new double[][] {{0}, {0}, {0}});
        Split s = d.split(2);
        Standardizer st = Standardizer.fit(s.train());
        assertEquals(2.0, st.mean()[0]);
        assertEquals(1.0, st.std()[0]);
        assertEquals(98.0, st.apply(s.validation()).features(0)[0]);
    }
}
