package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.tensorboard.EventProtos.Event;
import dev.anneal.runtime.tensorboard.EventProtos.SessionLog;
import dev.anneal.runtime.tensorboard.EventProtos.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every run folder of {@code anneal train} holds TensorBoard's {@code events.out.tfevents.<time>.<host>}:
 * read back by {@link TfRecordReader} (both CRCs of every record checked, every record an Event), its
 * scalars equal history.csv's and steps.csv's values to float precision.
 */
class TensorBoardEventsTest {

    @Test
    void crc32cOfTheCheckStringIsCastagnolisAndTheMaskIsTensorFlows() {
        assertEquals(0xE3069283, TfRecordReader.crc32c("123456789".getBytes(StandardCharsets.US_ASCII)));
        int crc = TfRecordReader.crc32c(new byte[0]);
        assertEquals(0, crc);
        assertEquals(0xa282ead8, TfRecordReader.masked(new byte[0]), "mask of 0: the constant alone");
    }

    @Test
    void aRunsEventFileHoldsHistoryCsvsValuesPerEpoch(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        AnnealRun run = AnnealRun.of("train", "--epochs", "4", "--device", "cpu", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<Event> events = TfRecordReader.events(eventFile(out));
        assertEquals("brain.Event:2", events.getFirst().getFileVersion());
        Map<String, TreeMap<Long, Float>> scalars = scalars(events);
        assertEquals(List.of("accuracy/val", "loss/train", "loss/val", "lr"), List.copyOf(new TreeMap<>(scalars).keySet()));
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals("epoch,steps,train_loss,val_loss,val_accuracy,lr,seconds,note", history.getFirst());
        assertEquals(4, scalars.get("lr").size(), "one lr a epoch without --record-steps");
        for (String line : history.subList(1, history.size())) {
            String[] c = line.split(",");
            long step = Long.parseLong(c[1]);
            assertEquals((float) Double.parseDouble(c[2]), scalars.get("loss/train").get(step), line);
            assertEquals((float) Double.parseDouble(c[3]), scalars.get("loss/val").get(step), line);
            assertEquals((float) Double.parseDouble(c[4]), scalars.get("accuracy/val").get(step), line);
            assertEquals((float) Double.parseDouble(c[5]), scalars.get("lr").get(step), line);
        }
        assertEquals(List.of("warmup(2.epochs) then cosine()"), texts(events, "schedule"));
    }

    @Test
    void withRecordStepsTheLrOfEveryStepIsStepsCsvs(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        AnnealRun run = AnnealRun.of("train", "--epochs", "3", "--record-steps", "--device", "cpu", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        TreeMap<Long, Float> lr = scalars(TfRecordReader.events(eventFile(out))).get("lr");
        List<String> steps = Files.readAllLines(out.resolve("steps.csv"));
        assertEquals("step,epoch,loss,lr", steps.getFirst());
        assertEquals(75, steps.size() - 1, "3 epochs of 25 steps");
        for (String line : steps.subList(1, steps.size())) {
            String[] c = line.split(",");
            assertEquals((float) Double.parseDouble(c[3]), lr.get(Long.parseLong(c[0])), line);
        }
        String last = Files.readAllLines(out.resolve("history.csv")).getLast();
        assertEquals((float) Double.parseDouble(last.split(",")[5]), lr.get(75L), "the lr after the last epoch: " + last);
        assertEquals(76, lr.size(), "steps 0-74 and the lr after the last epoch, each once");
    }

    @Test
    void aRunThatContinuesAppendsToItsFileAfterTensorBoardsRestartMark(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, AnnealRun.of("train", "--epochs", "4", "--stop-after", "2", "--out", out.toString()).exitCode());
        Path file = eventFile(out);
        long firstProcess = Files.size(file);
        AnnealRun rest = AnnealRun.of("train", "--epochs", "4", "--out", out.toString());
        assertEquals(0, rest.exitCode(), rest.err());
        assertEquals(file, eventFile(out), "the same file");
        List<Event> events = TfRecordReader.events(file);
        assertEquals(1, events.stream().filter(Event::hasFileVersion).count());
        List<Event> restarts = events.stream().filter(Event::hasSessionLog).toList();
        assertEquals(1, restarts.size());
        assertEquals(SessionLog.SessionStatus.START, restarts.getFirst().getSessionLog().getStatus());
        assertEquals(51, restarts.getFirst().getStep(), "just after the checkpoint of epoch 2 (step 50)");
        assertTrue(Files.size(file) > firstProcess);
        assertEquals(List.of(25L, 50L, 75L, 100L), List.copyOf(scalars(events).get("loss/val").keySet()));
    }

    static Path eventFile(Path run) throws IOException {
        List<Path> files = eventFiles(run);
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.getFirst().getFileName().toString().matches("events\\.out\\.tfevents\\.\\d{10}\\.[^/]+"),
                files.toString());
        return files.getFirst();
    }

    private static List<Path> eventFiles(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run)) {
            return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
        }
    }

    /** Each scalar tag's values by step. */
    static Map<String, TreeMap<Long, Float>> scalars(List<Event> events) {
        Map<String, TreeMap<Long, Float>> out = new TreeMap<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.hasSimpleValue()) {
                    out.computeIfAbsent(v.getTag(), t -> new TreeMap<>()).put(e.getStep(), v.getSimpleValue());
                }
            }
        }
        return out;
    }

    private static List<String> texts(List<Event> events, String tag) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.getTag().equals(tag)) {
                    assertEquals("text", v.getMetadata().getPluginData().getPluginName());
                    out.add(v.getTensor().getStringVal(0).toStringUtf8());
                }
            }
        }
        return out;
    }
}
