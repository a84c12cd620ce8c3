package dev.anneal.runtime.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.anneal.gpu.Skips;
import dev.anneal.runtime.EpochRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU checkpoints a GPU bundle carries read, write and read again unchanged (the bundle's Java
 * runtime is cut down; this is the checkpoint code's JSON path in it). Runs where
 * {@code -Danneal.gpu.reference} names the recorded folder.
 */
class RecordedCheckpointsTest {

    @TempDir
    Path tmp;

    @Test
    void recordedCheckpointsSurviveAReadWriteRead() throws IOException {
        String folder = System.getProperty("anneal.gpu.reference");
        Skips.unless(folder != null, "RecordedCheckpointsTest", "checks the GPU bundle's recorded CPU checkpoints; no -Danneal.gpu.reference names them (bundle/run.sh does)");
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(folder))) {
            files = list.filter(f -> f.toString().endsWith(".ckpt")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no checkpoint in " + folder);
        for (Path file : files) {
            CheckpointFile.Contents saved = CheckpointFile.read(file);
            assertEquals("anneal-checkpoint", saved.header().get("format"), file.toString());
            assertEquals(10, ((Number) saved.header().get("epoch")).intValue(), file.toString());

            Map<String, Object> header = new java.util.LinkedHashMap<>(saved.header());
            header.remove("tensors");
            header.put("epochRecord", CheckpointFile.json().convertValue(
                    new EpochRecord(1, 2, 0.5, 0.25, 0.75, Map.of("default", 0.1), 1.5), Map.class));
            Path copy = tmp.resolve(file.getFileName());
            CheckpointFile.write(copy, header, new ArrayList<>(saved.tensors().values()));
            CheckpointFile.Contents again = CheckpointFile.read(copy);

            assertEquals(saved.header().get("model"), again.header().get("model"));
            assertEquals(Map.of("epoch", 1, "steps", 2, "trainLoss", 0.5, "valLoss", 0.25, "valAccuracy", 0.75,
                    "lr", Map.of("default", 0.1), "seconds", 1.5), again.header().get("epochRecord"));
            assertEquals(saved.tensors().keySet(), again.tensors().keySet());
            for (String name : saved.tensors().keySet()) {
                assertArrayEquals(saved.tensors().get(name).values(), again.tensors().get(name).values(), name);
            }
        }
    }
}
