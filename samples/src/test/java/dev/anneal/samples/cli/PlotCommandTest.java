package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
