package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anneal plot}: one chart of one or several schedules. */
class PlotCommandTest {
    @TempDir
    Path dir;

    @Test
    void severalSchedulesGoIntoOnePngChart() throws IOException {
        Path png = dir.resolve("compare.png");
        AnnealRun run = AnnealRun.of("plot", "--schedule", "step(stepSize=30, gamma=0.1)",
                "--schedule", "cosine(tMax=100)", "--schedule", "cosineRestarts(t0=10, tMult=2)",
                "--steps", "100", "--out", png.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("wrote " + png), run.outLines());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(500, image.getHeight());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file left");
        }
    }

    @Test
    void logarithmicSvgChartIsWritten() throws IOException {
        Path svg = dir.resolve("compare.svg");
        AnnealRun run = AnnealRun.of("plot", "--schedule", "warmup(10) then cosine(tMax=90, etaMin=1e-6)",
                "--schedule", "step(stepSize=25, gamma=0.5)", "--steps", "100", "--log", "--out", svg.toString());

        assertEquals(0, run.exitCode(), run.err());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") && text.contains("<svg"), "an SVG file");
        assertTrue(text.contains("viewBox=\"0 0 900 500\""), "900 x 500");
        double[] step = new double[101];
        Arrays.setAll(step, s -> Math.log10(0.1 * Math.pow(0.5, s / 25)));
        assertPlotted(lines(text).get(1), step, "step(stepSize=25, gamma=0.5) on the log axis");
    }

    @Test
    void svgLinesGoThroughTheSchedulesValues() throws IOException {
        Path svg = dir.resolve("lines.svg");
        AnnealRun run = AnnealRun.of("plot", "--schedule", "cosine(tMax=100)", "--schedule", "step(stepSize=25, gamma=0.5)",
                "--steps", "100", "--out", svg.toString());

        assertEquals(0, run.exitCode(), run.err());
        List<List<double[]>> lines = lines(Files.readString(svg));
        assertEquals(2, lines.size(), "one line per schedule");
        double[] cosine = new double[101];
        double[] step = new double[101];
        for (int s = 0; s <= 100; s++) {
            cosine[s] = 0.1 * (1 + Math.cos(Math.PI * s / 100)) / 2;
            step[s] = 0.1 * Math.pow(0.5, s / 25);
        }
        assertPlotted(lines.get(0), cosine, "cosine(tMax=100)");
        assertPlotted(lines.get(1), step, "step(stepSize=25, gamma=0.5)");
        assertEquals(lines.get(0).get(0)[1], lines.get(1).get(0)[1], PIXEL, "both start at the base, 0.1, on one axis");
        assertEquals(lines.get(0).get(50)[1], lines.get(1).get(25)[1], PIXEL, "0.05 is 0.05 in both");
    }

    /**
     * The points of each data line of an SVG chart, in drawing order: a line is a {@code <polyline>}
     * (one per stretch between gaps) in its series' colour, its points in pixels.
     */
    private static List<List<double[]>> lines(String svg) {
        Map<String, List<double[]>> byColour = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<polyline fill=\"none\" stroke=\"(#[0-9a-f]{6})\"[^>]* points=\"([^\"]+)\"/>")
                .matcher(svg);
        while (m.find()) {
            List<double[]> points = byColour.computeIfAbsent(m.group(1), c -> new ArrayList<>());
            for (String xy : m.group(2).split(" ")) {
                String[] p = xy.split(",");
                points.add(new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])});
            }
        }
        return List.copyOf(byColour.values());
    }

    /**
     * The points lie at steps 0, 1, ... evenly spaced in x, and in y on the axis's linear map (pixels per
     * unit and offset taken from step 0 and the step whose value differs most from it) of {@code values},
     * to within the SVG's rounding of pixels to one decimal.
     */
    /** Coordinates are written to 0.1 pixel; the map taken from two of them is as close. */
    private static final double PIXEL = 0.11;

    private static void assertPlotted(List<double[]> points, double[] values, String what) {
        assertEquals(values.length, points.size(), what + ": points");
        int far = 0;
        for (int s = 0; s < values.length; s++) {
            far = Math.abs(values[s] - values[0]) > Math.abs(values[far] - values[0]) ? s : far;
        }
        double perUnit = (points.get(far)[1] - points.getFirst()[1]) / (values[far] - values[0]);
        double perStep = (points.getLast()[0] - points.getFirst()[0]) / (values.length - 1);
        assertTrue(perUnit < 0 && perStep > 0, what + ": larger values are drawn higher, later steps further right");
        for (int s = 0; s < values.length; s++) {
            assertEquals(points.getFirst()[0] + s * perStep, points.get(s)[0], PIXEL, what + ": x of step " + s);
            assertEquals(points.getFirst()[1] + (values[s] - values[0]) * perUnit, points.get(s)[1], PIXEL,
                    what + ": y of step " + s + " (value " + values[s] + ")");
        }
    }

    @Test
    void epochSpansNeedStepsPerEpoch() throws IOException {
        Path png = dir.resolve("lr.png");
        AnnealRun run = AnnealRun.of("plot", "--schedule", "warmup(2.epochs) then cosine()", "--steps", "500",
                "--steps-per-epoch", "25", "--out", png.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.size(png) > 0);
    }

    @Test
    void plateauCannotBeDrawnWithoutATrainingRun() {
        AnnealRun run = AnnealRun.of("plot", "--schedule", "warmup(5) then plateau(patience=2)", "--steps", "40",
                "--out", dir.resolve("p.png").toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.errLines().getFirst().contains("has a plateau"), run.err());
        assertTrue(Files.notExists(dir.resolve("p.png")));
    }

    @Test
    void otherFileTypesAreRefused() {
        AnnealRun run = AnnealRun.of("plot", "--schedule", "cosine(tMax=10)", "--steps", "10", "--out",
                dir.resolve("p.gif").toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.errLines().getFirst().contains("--out must end in .png or .svg, got "), run.err());
    }
}
