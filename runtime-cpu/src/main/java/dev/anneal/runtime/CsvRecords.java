package dev.anneal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The records of a CSV file, one at a time, read by Jackson's CSV parser (RFC 4180: cells separated by
 * commas, quoted cells holding commas, line breaks and {@code ""} for a quote; LF or CRLF line ends; a
 * UTF-8 byte order mark skipped). Blank lines are skipped, spaces around a cell are trimmed, and lines
 * starting with {@code #} are skipped when asked. Only the current record is held in memory. A cell that
 * cannot be parsed (a quote never closed, text after a closing quote, bytes that are not UTF-8) is an
 * {@link IllegalArgumentException} naming the file, the line where its record starts and its column.
 *
 * <pre>{@code
 * try (CsvRecords in = CsvRecords.open(file, false)) {
 *     while (in.next(true)) {
 *         System.out.println("line " + in.line() + ": " + in.size() + " cells, first " + in.cell(0));
 *     }
 * }
 * }</pre>
 */
final class CsvRecords implements Closeable {
    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    private final Path file;
    private final CsvParser parser;
    private String[] cells = new String[16];
    private int size;
    private int line;

    private CsvRecords(Path file, CsvParser parser) {
        this.file = file;
        this.parser = parser;
    }

    /** Opens {@code file}; {@code comments}: whether lines starting with {@code #} are skipped. */
    static CsvRecords open(Path file, boolean comments) throws IOException {
        InputStream in = Files.newInputStream(file);
        CsvParser parser;
        try {
            parser = FACTORY.createParser(in);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        CsvSchema schema = CsvSchema.emptySchema();
        parser.setSchema(comments ? schema.withComments() : schema.withoutComments());
        return new CsvRecords(file, parser);
    }

    /**
     * Reads the next record; {@code keepText}: whether its cells' text is kept for {@link #cell(int)} (not
     * needed to count records and their cells). Returns false after the last record.
     */
    boolean next(boolean keepText) throws IOException {
        size = 0;
        try {
            if (parser.nextToken() == null) {
                return false;
            }
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                if (size == 0) {
                    line = parser.currentTokenLocation().getLineNr();
                }
                if (keepText) {
                    if (size == cells.length) {
                        cells = Arrays.copyOf(cells, 2 * size);
                    }
                    cells[size] = parser.getText();
                }
                size++;
            }
            return true;
        } catch (JsonProcessingException | CharConversionException e) {
            int at = size == 0 ? parser.currentTokenLocation().getLineNr() : line;
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(file + ": line " + at + ", column " + (size + 1) + ": "
                    + Character.toLowerCase(why.charAt(0)) + why.substring(1));
        }
    }

    /** The number of cells of the current record. */
    int size() {
        return size;
    }

    /** Cell {@code i} (from 0) of the current record, read with {@code keepText}. */
    String cell(int i) {
        return cells[i];
    }

    /** The line (from 1) where the current record starts; a quoted cell may carry it over more lines. */
    int line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
