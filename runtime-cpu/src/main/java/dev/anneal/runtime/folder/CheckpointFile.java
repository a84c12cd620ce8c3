package dev.anneal.runtime.folder;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint file: the magic {@code ANNEALCK}, a format version, a JSON header (everything but
 * the numbers, plus the list of tensors), then each tensor's values as big-endian float64 (exact
 * for float32 values too, so either precision and any backend can load it). Written through
 * {@link AtomicFiles}, so a crash leaves the old or the new checkpoint, never a torn one.
 */
public final class CheckpointFile {
    private static final byte[] MAGIC = "ANNEALCK".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A checkpoint this runtime cannot read because a newer Anneal wrote it: not damage, so never passed over. */
    public static final class NewerFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NewerFormatException(String message) {
            super(message);
        }
    }

    /** A named row-major tensor. */
    public record Entry(String name, int rows, int cols, double[] values) {
    }

    /** What a file holds. */
    public record Contents(Map<String, Object> header, Map<String, Entry> tensors) {
        public double[] tensor(String name, int rows, int cols) {
            Entry e = tensors.get(name);
            if (e == null) {
                throw new IllegalArgumentException("checkpoint has no tensor '" + name + "'");
            }
            if (e.rows() != rows || e.cols() != cols) {
                throw new IllegalArgumentException("checkpoint tensor '" + name + "' is " + e.rows() + " x " + e.cols()
                        + ", expected " + rows + " x " + cols);
            }
            return e.values();
        }
    }

    private CheckpointFile() {
    }

    public static void write(Path file, Map<String, Object> header, List<Entry> tensors) {
        Map<String, Object> full = new LinkedHashMap<>(header);
        List<Map<String, Object>> index = new ArrayList<>();
        for (Entry e : tensors) {
            index.add(Map.of("name", e.name(), "rows", e.rows(), "cols", e.cols()));
        }
        full.put("tensors", index);
        try {
            byte[] json = JSON.writeValueAsBytes(full);
            AtomicFiles.write(file, raw -> {
                DataOutputStream out = new DataOutputStream(raw);
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(json.length);
                out.write(json);
                for (Entry e : tensors) {
                    for (double v : e.values()) {
                        out.writeDouble(v);
                    }
                }
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The header of {@code file} ({@code epoch}, {@code step}, ...), checked cheaply: the file must be as
     * long as its header says (no truncated or trailing bytes), without reading the tensors.
     *
     * @throws IllegalArgumentException when it is not a checkpoint, or is damaged or truncated
     */
    public static Map<String, Object> header(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 12))) {
            Header h = readHeader(file, in);
            Map<String, Object> header = h.header();
            long values = 0;
            for (Object o : (List<?>) header.get("tensors")) {
                Map<?, ?> m = (Map<?, ?>) o;
                values += ((Number) m.get("rows")).longValue() * ((Number) m.get("cols")).longValue();
            }
            long expected = MAGIC.length + 8 + h.length() + 8 * values;
            long size = Files.size(file);
            if (size < expected) {
                throw new IllegalArgumentException(file + ": checkpoint is truncated (" + fileSize(file) + ")");
            }
            return header;
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": checkpoint is truncated (" + fileSize(file) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    public static Contents read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            Map<String, Object> header = readHeader(file, in).header();
            Map<String, Entry> tensors = new LinkedHashMap<>();
            for (Object o : (List<?>) header.get("tensors")) {
                Map<?, ?> m = (Map<?, ?>) o;
                int rows = ((Number) m.get("rows")).intValue();
                int cols = ((Number) m.get("cols")).intValue();
                double[] values = new double[rows * cols];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readDouble();
                }
                tensors.put((String) m.get("name"), new Entry((String) m.get("name"), rows, cols, values));
            }
            return new Contents(header, tensors);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": checkpoint is truncated (" + fileSize(file) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** A checkpoint's header and the length of its JSON text. */
    private record Header(Map<String, Object> header, int length) {
    }

    /** Reads and checks the magic, the format version and the JSON header. */
    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException(file + " is not an Anneal checkpoint (no ANNEALCK header)");
        }
        int version = in.readInt();
        if (version > VERSION) {
            throw new NewerFormatException(file + ": checkpoint format " + version + " was written by a newer Anneal; "
                    + "this runtime reads format " + VERSION);
        }
        if (version != VERSION) {
            throw new IllegalArgumentException(file + ": checkpoint format " + version + "; this runtime reads format "
                    + VERSION);
        }
        int length = in.readInt();
        if (length < 2) {
            throw new IllegalArgumentException(file + ": checkpoint is damaged (header length " + length + ")");
        }
        if (length > Files.size(file) - 16) {
            throw new IllegalArgumentException(file + ": checkpoint is truncated (" + fileSize(file) + ")");
        }
        byte[] json = new byte[length];
        in.readFully(json);
        Map<String, Object> header;
        try {
            header = JSON.readValue(json, new TypeReference<>() { });
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": checkpoint is damaged (its header is not valid JSON)");
        }
        return new Header(header, length);
    }

    private static String fileSize(Path file) {
        try {
            return Files.size(file) + " bytes";
        } catch (IOException e) {
            return "unreadable size";
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
