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
    /** The format written: 2 (tensors as float32 or float64, each as its header says); 1 (all float64) is still read. */
    private static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOAT32 = "float32";
    private static final String FLOAT64 = "float64";

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

    /** Writes {@code tensors} as float64 (see {@link #write(Path, Map, List, boolean)}). */
    public static void write(Path file, Map<String, Object> header, List<Entry> tensors) {
        write(file, header, tensors, false);
    }

    /**
     * Writes a checkpoint: the header (JSON, with an index of the tensors) and the tensors, as float32
     * when {@code float32} (for a float32 run: its values are float32 numbers, so nothing is lost and
     * the file is half the size) or else float64.
     */
    public static void write(Path file, Map<String, Object> header, List<Entry> tensors, boolean float32) {
        Map<String, Object> full = new LinkedHashMap<>(header);
        List<Map<String, Object>> index = new ArrayList<>();
        String type = float32 ? FLOAT32 : FLOAT64;
        for (Entry e : tensors) {
            index.add(Map.of("name", e.name(), "rows", e.rows(), "cols", e.cols(), "type", type));
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
                        if (float32) {
                            out.writeFloat((float) v);
                        } else {
                            out.writeDouble(v);
                        }
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
            long bytes = 0;
            for (Object o : (List<?>) header.get("tensors")) {
                Map<?, ?> m = (Map<?, ?>) o;
                bytes += ((Number) m.get("rows")).longValue() * ((Number) m.get("cols")).longValue() * width(m);
            }
            long expected = MAGIC.length + 8 + h.length() + bytes;
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
                boolean single = width(m) == 4;
                for (int i = 0; i < values.length; i++) {
                    values[i] = single ? in.readFloat() : in.readDouble();
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

    /** Bytes per value of a tensor in the index: 4 for float32, 8 for float64 (format 1 has no type: float64). */
    private static int width(Map<?, ?> index) {
        return FLOAT32.equals(index.get("type")) ? 4 : 8;
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
        if (version < 1) {
            throw new IllegalArgumentException(file + ": checkpoint format " + version + "; this runtime reads formats 1 to "
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
