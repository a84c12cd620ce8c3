package dev.anneal.samples.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.util.List;

/**
 * The first page of {@code anneal serve} over a folder that is not itself a run or a sweep: a link
 * to each run and sweep found under it, with its status, reloaded every 2 seconds so that new ones appear.
 *
 * <pre>{@code
 * String html = Index.html(root, List.of("a", "sweeps/s1"));
 * }</pre>
 */
final class Index {
    private Index() {
    }

    static String html(Path root, List<String> found) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"2\"><link rel=\"icon\" href=\"data:,\">"
                + "<title>anneal serve: " + ReportPage.escape(root.toString())
                + "</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#1d2433}"
                + "li{margin:4px 0}span{color:#5b6475;margin-left:8px}</style></head><body><h1>"
                + ReportPage.escape(root.toString()) + "</h1>");
        if (found.isEmpty()) {
            s.append("<p>No runs or sweeps here yet (a run has run.json, a sweep plan.json).</p>");
        }
        s.append("<ul>");
        for (String rel : found) {
            Path dir = root.resolve(rel);
            boolean sweep = SweepReading.isSweep(dir);
            JsonNode run = sweep ? null : Lines.json(dir.resolve("run.json"));
            String status = sweep ? (dir.resolve("sweep.csv").toFile().isFile() ? "sweep, finished" : "sweep, running")
                    : run == null ? "" : run.path("status").asText() + ", epoch " + run.path("epoch").asInt() + " of "
                    + run.path("epochs").asInt();
            s.append("<li><a href=\"/view/").append(href(rel)).append("\">").append(ReportPage.escape(rel)).append("</a><span>")
                    .append(ReportPage.escape(status)).append("</span></li>");
        }
        return s.append("</ul></body></html>").toString();
    }

    private static String href(String rel) {
        StringBuilder s = new StringBuilder();
        for (String part : rel.split("/")) {
            s.append(s.length() == 0 ? "" : "/").append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return s.toString();
    }
}
