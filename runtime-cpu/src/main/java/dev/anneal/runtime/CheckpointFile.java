package dev.anneal.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint file: the magic {@code ANNEALCK}, a format version, a JSON header (everything but
 * the numbers, plus the list of tensors), then each tensor's values as big-endian float64 (exact
 * for float32 values too, so either precision and any backend can load it). Written to a temporary
 * file beside the target, forced to disk and renamed over it, so a crash leaves the old or the new
 * checkpoint, never a torn one.
 */
final class CheckpointFile {
    private static final byte[] MAGIC = "ANNEALCK".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A named row-major tensor. */
    record Entry(String name, int rows, int cols, double[] values) {
    }

    /** What a file holds. */
    record Contents(Map<String, Object> header, Map<String, Entry> tensors) {
        double[] tensor(String name, int rows, int cols) {
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

    static void write(Path file, Map<String, Object> header, List<Entry> tensors) {
        Map<String, Object> full = new LinkedHashMap<>(header);
        List<Map<String, Object>> index = new ArrayList<>();
        for (Entry e : tensors) {
            index.add(Map.of("name", e.name(), "rows", e.rows(), "cols", e.cols()));
        }
        full.put("tensors", index);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            byte[] json = JSON.writeValueAsBytes(full);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(ch);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
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
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    static Contents read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(file + " is not an Anneal checkpoint (no ANNEALCK header)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + ": checkpoint format " + version + ", this runtime reads "
                        + VERSION);
            }
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Map<String, Object> header = JSON.readValue(json, new TypeReference<>() { });
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
            throw new IllegalArgumentException(file + ": checkpoint is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectMapper json() {
        return JSON;
    }
}
