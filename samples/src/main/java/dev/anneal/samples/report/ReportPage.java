package dev.anneal.samples.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;

/**
 * The report page: one HTML file holding uPlot (from its WebJar), the page's own script and style and
 * the data of the runs and sweeps it shows, so that it opens from the disk and requests nothing. The
 * live page of {@code anneal serve} is the same page told where to fetch newer data.
 *
 * <pre>{@code
 * ReportPage.write(List.of(Path.of("runs/a"), Path.of("runs/b")), List.of("runs/a", "runs/b"), Path.of("report.html"));
 * }</pre>
 */
public final class ReportPage {
    /** The name {@code anneal train} and {@code anneal sweep} give the report in their folder. */
    public static final String NAME = "report.html";
    private static final String GENERATOR = "<meta name=\"generator\" content=\"anneal report\">";

    private ReportPage() {
    }

    /** Whether {@code dir} holds a run or a sweep that a report can show. */
    public static boolean shows(Path dir) {
        return RunReading.isRun(dir) || SweepReading.isSweep(dir);
    }

    /**
     * The data of the runs and sweeps in {@code folders}, shown under {@code names}.
     *
     * @throws IllegalArgumentException naming a folder that holds neither a run nor a sweep
     */
    static ObjectNode data(List<Path> folders, List<String> names) {
        ObjectNode data = Lines.JSON.createObjectNode();
        ArrayNode runs = data.putArray("runs");
        ArrayNode sweeps = data.putArray("sweeps");
        for (int i = 0; i < folders.size(); i++) {
            Path dir = folders.get(i);
            if (SweepReading.isSweep(dir)) {
                sweeps.add(SweepReading.read(dir, names.get(i)));
            } else if (RunReading.isRun(dir)) {
                runs.add(RunReading.read(dir, names.get(i)));
            } else if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("no such folder: " + dir);
            } else {
                throw new IllegalArgumentException(dir + " holds neither a run (no run.json) nor a sweep (no plan.json "
                        + "or sweep.csv)");
            }
        }
        return data;
    }

    /** The page for {@code data}; with {@code liveUrl} non-null, it fetches that URL every second. */
    static String html(String title, ObjectNode data, String liveUrl) {
        try {
            String json = Lines.JSON.writeValueAsString(data);
            String live = liveUrl == null ? "null" : Lines.JSON.writeValueAsString(liveUrl);
            return resource("report.html")
                    .replace("@TITLE@", escape(title))
                    .replace("@UPLOT_CSS@", uplot("uPlot.min.css"))
                    .replace("@REPORT_CSS@", resource("report.css"))
                    .replace("@UPLOT_JS@", scriptSafe(uplot("uPlot.iife.min.js")))
                    .replace("@LIVE@", scriptSafe(live))
                    .replace("@REPORT_JS@", scriptSafe(resource("report.js")))
                    .replace("@DATA@", scriptSafe(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the report of {@code folders} (shown under {@code names}) to {@code out}: a temporary file, then a rename. */
    public static void write(List<Path> folders, List<String> names, Path out) throws IOException {
        String title = "anneal report: " + String.join(", ", names);
        String page = html(title, data(folders, names), null);
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(out.getFileName() + ".tmp");
        Files.writeString(tmp, page, StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes {@code dir/report.html} for the run or sweep in {@code dir} (the end of anneal train and sweep). */
    public static void writeInto(Path dir) throws IOException {
        write(List.of(dir), List.of(dir.toString()), dir.resolve(NAME));
    }

    /** Whether {@code file} is a page this class wrote (so that writing it again loses nothing of the user's). */
    public static boolean isReport(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(400), StandardCharsets.UTF_8).contains(GENERATOR);
        } catch (IOException e) {
            return false;
        }
    }

    /** Text for inside a {@code <script>}: no {@code </} that would end it early. */
    private static String scriptSafe(String text) {
        return text.replace("</", "<\\/").replace("<!--", "<\\!--");
    }

    /** {@code text} for HTML: {@code & < > "} as entities. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        return read(ReportPage.class.getResourceAsStream(name), name);
    }

    /** A file of uPlot's WebJar, whose version its Maven metadata gives. */
    private static String uplot(String file) {
        Properties p = new Properties();
        try (InputStream in = ReportPage.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("uPlot's WebJar is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String path = "/META-INF/resources/webjars/uplot/" + p.getProperty("version") + "/dist/" + file;
        return read(ReportPage.class.getResourceAsStream(path), path);
    }

    private static String read(InputStream in, String name) {
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the class path");
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
