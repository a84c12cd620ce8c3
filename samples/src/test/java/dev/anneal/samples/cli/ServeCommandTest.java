package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.samples.scenarios.Scenarios;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anneal serve} as a user starts it: a process that listens on loopback and streams what it serves. */
class ServeCommandTest {
    private static final long GIB = 1L << 30;

    @Test
    void aGigabyteFileIsStreamedByAServerWithA64MegabyteHeap(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("runs"));
        try (RandomAccessFile big = new RandomAccessFile(root.resolve("big.bin").toFile(), "rw")) {
            big.setLength(GIB);   // sparse: no disk space taken
        }
        Path log = dir.resolve("serve.log");
        List<String> command = Scenarios.annealCommand("serve", root.toString(), "--port", "0");
        command.add(1, "-Xmx64m");
        Process serve = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI uri = address(log, serve);
            assertTrue(uri.toString().startsWith("http://127.0.0.1:"), "loopback unless --host: " + uri);
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<InputStream> big = client.send(HttpRequest.newBuilder(uri.resolve("/files/big.bin")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, big.statusCode());
            assertEquals(GIB, big.headers().firstValueAsLong("Content-Length").orElse(-1));
            long read = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = big.body()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    read += n;
                }
            }
            assertEquals(GIB, read, "every byte, through a 64 MB heap");
            assertTrue(serve.isAlive(), Files.readString(log));
            HttpResponse<String> index = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, index.statusCode(), "still serving after it: " + Files.readString(log));
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }

    @Test
    void aFolderThatIsNotThereIsRefused(@TempDir Path dir) {
        AnnealRun run = AnnealRun.of("serve", dir.resolve("nope").toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("anneal serve: no such folder: " + dir.resolve("nope")), run.errLines());
    }

    /** The address the server printed once it listened. */
    private static URI address(Path log, Process serve) throws IOException, InterruptedException {
        Pattern at = Pattern.compile(" at (http://\\S+/) ");
        for (int i = 0; i < 600; i++) {
            Matcher m = at.matcher(Files.readString(log));
            if (m.find()) {
                return URI.create(m.group(1));
            }
            if (!serve.isAlive()) {
                throw new AssertionError("anneal serve ended: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("anneal serve did not say where it listens: " + Files.readString(log));
    }
}
