package dev.anneal.samples.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code anneal serve}: the report page over HTTP, live, for a folder of runs and sweeps. Read-only:
 * GET and HEAD only, nothing is written. Every path is resolved inside the folder; {@code ..}, encoded
 * forms of it, absolute paths and symbolic links that lead out of the folder are all answered 404.
 *
 * <pre>{@code
 * try (LiveServer server = LiveServer.start(Path.of("runs"), "127.0.0.1", 8080)) {
 *     System.out.println(server.uri());   // http://127.0.0.1:8080/
 * }
 * }</pre>
 * Routes: {@code /} (the folder's page when it is a run or a sweep, else a list of those under it),
 * {@code /view/REL} (the page of the run or sweep at {@code REL}, fetching {@code /data/REL} every
 * second), {@code /data/REL} (its data, read afresh from the files on each request) and
 * {@code /files/REL} (a file as it is, streamed: a large file is never held in memory).
 */
public final class LiveServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "json",
            "application/json", "jsonl", "text/plain; charset=utf-8", "csv", "text/csv; charset=utf-8", "png",
            "image/png", "svg", "image/svg+xml", "txt", "text/plain; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService threads;
    private final ServedFolder folder;

    private LiveServer(HttpServer server, ExecutorService threads, ServedFolder folder) {
        this.server = server;
        this.threads = threads;
        this.folder = folder;
    }

    /** Serves {@code root} on {@code host:port} ({@code port} 0: any free port). */
    public static LiveServer start(Path root, String host, int port) throws IOException {
        ServedFolder folder = new ServedFolder(root);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "anneal-serve");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        LiveServer live = new LiveServer(server, threads, folder);
        server.createContext("/", live::handle);
        server.start();
        return live;
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD");
                send(x, 405, "text/plain; charset=utf-8", "read-only: GET and HEAD only\n");
                return;
            }
            String path = x.getRequestURI().getPath();
            if (path.equals("/")) {
                if (ReportPage.shows(folder.root())) {
                    page(x, folder.root(), "");
                } else {
                    send(x, 200, TYPES.get("html"), Index.html(folder.root(), folder.found()));
                }
                return;
            }
            for (String route : List.of("/view/", "/data/", "/files/")) {
                if (path.startsWith(route) || path.equals(route.substring(0, route.length() - 1))) {
                    String rel = path.length() > route.length() ? path.substring(route.length()) : "";
                    Path p = folder.resolve(rel);
                    if (p != null) {
                        serve(x, route, p, rel);
                        return;
                    }
                    break;
                }
            }
            send(x, 404, "text/plain; charset=utf-8", "not found\n");
        } catch (RuntimeException e) {
            send(x, 500, "text/plain; charset=utf-8", "error: " + e.getMessage() + "\n");
        }
    }

    private void serve(HttpExchange x, String route, Path p, String rel) throws IOException {
        switch (route) {
            case "/view/" -> {
                if (ReportPage.shows(p)) {
                    page(x, p, rel);
                    return;
                }
            }
            case "/data/" -> {
                if (ReportPage.shows(p)) {
                    String json = Lines.JSON.writeValueAsString(ReportPage.data(List.of(p), List.of(name(rel))));
                    send(x, 200, TYPES.get("json"), json);
                    return;
                }
            }
            default -> {
                if (Files.isRegularFile(p)) {
                    file(x, p);
                    return;
                }
            }
        }
        send(x, 404, "text/plain; charset=utf-8", "not found\n");
    }

    private void page(HttpExchange x, Path dir, String rel) throws IOException {
        String name = name(rel);
        String html = ReportPage.html("anneal serve: " + name, ReportPage.data(List.of(dir), List.of(name)),
                "/data/" + rel);
        send(x, 200, TYPES.get("html"), html);
    }

    private String name(String rel) {
        return rel.isEmpty() ? String.valueOf(folder.root().getFileName()) : rel.replaceAll("/+$", "");
    }

    /** Streams a file: its length in the header, its bytes copied in pieces. */
    private static void file(HttpExchange x, Path p) throws IOException {
        String n = p.getFileName().toString();
        String ext = n.contains(".") ? n.substring(n.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        x.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
        headers(x);
        long size = Files.size(p);
        if (x.getRequestMethod().equals("HEAD")) {
            x.getResponseHeaders().set("Content-Length", String.valueOf(size));
            x.sendResponseHeaders(200, -1);
            return;
        }
        x.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (OutputStream out = x.getResponseBody()) {
            Files.copy(p, out);
        }
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        headers(x);
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void headers(HttpExchange x) {
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    }
}
