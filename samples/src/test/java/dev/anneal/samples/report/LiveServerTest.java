package dev.anneal.samples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anneal serve}'s server: only what is inside its folder, read-only, reading runs as they are written. */
class LiveServerTest {
    @TempDir
    Path dir;
    Path root;
    LiveServer server;

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(dir.resolve("served"));
        Folders.run(root.resolve("a"), "running", 2);
        Files.writeString(dir.resolve("secret.txt"), "not yours");
        Files.createSymbolicLink(root.resolve("link"), dir);
        server = LiveServer.start(root, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pathsOutOfTheFolderAreNotFoundInAnyForm() throws IOException {
        assertEquals(200, get("/files/a/run.json").status);
        assertEquals(200, get("/files/link/served/a/run.json").status, "a link that stays inside, once resolved");
        for (String path : List.of("/files/../secret.txt", "/files/a/../../secret.txt", "/files/%2e%2e/secret.txt",
                "/files/%2E%2E%2Fsecret.txt", "/files/a/%2e%2e/%2e%2e/secret.txt", "/files/..%2fsecret.txt",
                "/files//" + dir.resolve("secret.txt"), "/files/" + dir.resolve("secret.txt"),
                "/files/%2f" + dir.resolve("secret.txt").toString().substring(1), "/files/link/secret.txt",
                "/view/..", "/data/%2e%2e", "/view/link", "/files/a/%00run.json", "/../secret.txt")) {
            Response r = get(path);
            assertEquals(404, r.status, path + ": " + r.body);
            assertTrue(!r.body.contains("not yours"), path);
        }
    }

    @Test
    void itIsReadOnly() throws IOException {
        List<String> before = listing();
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            assertEquals(405, request(method, "/files/a/run.json").status, method);
        }
        assertEquals(before, listing());
    }

    @Test
    void aTruncatedLastLineIsSkippedUntilItIsComplete() throws IOException {
        ObjectMapper json = new ObjectMapper();
        String third = Folders.line(3);
        Files.writeString(root.resolve("a/epochs.jsonl"), third.substring(0, 40), StandardOpenOption.APPEND);
        Response partial = get("/data/a");
        assertEquals(200, partial.status, partial.body);
        assertEquals(2, json.readTree(partial.body).at("/runs/0/epochs").size());
        Files.writeString(root.resolve("a/epochs.jsonl"), third.substring(40), StandardOpenOption.APPEND);
        JsonNode whole = json.readTree(get("/data/a").body);
        assertEquals(3, whole.at("/runs/0/epochs").size());
        assertEquals(1.2 / 3, whole.at("/runs/0/epochs/2/valLoss").asDouble(), 5e-4);
    }

    @Test
    void aSweepsPageListsItsTrialsAsTheyStartAndStop() throws IOException {
        Path sweep = Folders.sweep(root.resolve("s"), 3);
        ObjectMapper json = new ObjectMapper();
        JsonNode before = json.readTree(get("/data/s").body).at("/sweeps/0/trials");
        assertEquals(List.of("waiting", "waiting", "waiting"), statuses(before));
        Folders.run(sweep.resolve("trials/trial-002"), "running", 1);
        Folders.run(sweep.resolve("trials/trial-001"), "stopped", 2);
        JsonNode after = json.readTree(get("/data/s").body).at("/sweeps/0/trials");
        assertEquals(List.of("stopped", "running", "waiting"), statuses(after));
        assertEquals(2, after.get(0).path("stoppedAt").asInt(), "stopped at its rung");
        assertEquals(1, after.get(1).path("epochs").size());
        Response index = get("/");
        assertTrue(index.body.contains("href=\"/view/a\"") && index.body.contains("href=\"/view/s\""), index.body);
        Response page = get("/view/s");
        assertTrue(page.body.contains("window.ANNEAL_LIVE = \"/data/s\""), "the page fetches its data");
    }

    private static List<String> statuses(JsonNode trials) {
        List<String> out = new ArrayList<>();
        trials.forEach(t -> out.add(t.path("status").asText()));
        return out;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> p + " " + p.toFile().length()).sorted().toList();
        }
    }

    record Response(int status, String body) {
    }

    private Response get(String rawPath) throws IOException {
        return request("GET", rawPath);
    }

    /** The request line exactly as given (no client normalising it), and the answer's status and body. */
    private Response request(String method, String rawPath) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.uri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write((method + " " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(all.substring(9, 12));
            int body = all.indexOf("\r\n\r\n");
            return new Response(status, body < 0 ? "" : all.substring(body + 4));
        }
    }
}
