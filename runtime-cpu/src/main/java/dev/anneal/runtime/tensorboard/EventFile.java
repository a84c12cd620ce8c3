package dev.anneal.runtime.tensorboard;

import dev.anneal.runtime.tensorboard.EventProtos.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;

/**
 * A run folder's event file, {@code events.out.tfevents.<seconds>.<host>}: made at the first write of
 * the run's first process, which starts it with the {@code brain.Event:2} version record; a process that
 * continues the run appends to it. Each batch of events is appended whole and the file closed again,
 * so a crash leaves every batch written before it readable.
 *
 * <pre>{@code
 * EventFile file = EventFile.in(runDir, System.currentTimeMillis());
 * file.append(List.of(event));
 * }</pre>
 */
final class EventFile {
    static final String PREFIX = "events.out.tfevents.";
    private static volatile String host;

    private final Path file;
    private final boolean continues;
    private boolean started;

    private EventFile(Path file, boolean continues) {
        this.file = file;
        this.continues = continues;
        this.started = continues;
    }

    /** The event file in {@code dir}: the one there (the newest by name), or a new one named for {@code millis}. */
    static EventFile in(Path dir, long millis) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                Path newest = entries.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isRegularFile(p))
                        .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
                if (newest != null) {
                    return new EventFile(newest, true);
                }
            }
        }
        return new EventFile(dir.resolve(PREFIX + (millis / 1000) + "." + host()), false);
    }

    /** Whether the file was there before: this process continues a run that an earlier one began. */
    boolean continues() {
        return continues;
    }

    Path path() {
        return file;
    }

    /** Appends {@code events}, after the version record when the file is new. */
    void append(List<Event> events) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!started) {
            Event version = Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0)
                    .setFileVersion("brain.Event:2")
                    .setSourceMetadata(EventProtos.SourceMetadata.newBuilder().setWriter("anneal"))
                    .build();
            bytes.write(TfRecords.frame(version.toByteArray()));
        }
        for (Event e : events) {
            bytes.write(TfRecords.frame(e.toByteArray()));
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            bytes.writeTo(out);
        }
        started = true;
    }

    /** The host's name, looked up once. */
    private static String host() {
        String h = host;
        if (h == null) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                h = "localhost";
            }
            host = h.replace('/', '_');
        }
        return host;
    }
}
