package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anneal report}: what it writes, and what it refuses (exit 2, nothing written or changed). */
class ReportCommandTest {

    @Test
    void aRunsReportHoldsItsDataAndEverythingItNeeds(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("a");
        assertEquals(0, AnnealRun.of("train", "--epochs", "3", "--out", run.toString()).exitCode());
        assertTrue(Files.isRegularFile(run.resolve("report.html")), "anneal train writes it");
        Path page = dir.resolve("a.html");
        AnnealRun report = AnnealRun.of("report", run.toString(), "--out", page.toString());
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(report.outLines().getFirst().matches("wrote " + page + " \\(\\d+ KB\\)"), report.out());
        String html = Files.readString(page);
        assertTrue(html.contains("\"schedule\":\"warmup(2.epochs) then cosine()\""), "the run's data");
        assertTrue(html.contains("uPlot"), "uPlot inlined");
        assertFalse(html.contains("<script src") || html.contains("<link rel=\"stylesheet\""), "nothing to fetch");
        assertEquals(0, AnnealRun.of("report", run.toString(), "--out", page.toString()).exitCode(),
                "its own report is written again");
    }

    @Test
    void aFolderWithoutARunOrASweepIsRefused(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path page = dir.resolve("r.html");
        AnnealRun run = AnnealRun.of("report", empty.toString(), "--out", page.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("anneal report: " + empty + " holds neither a run (no run.json) nor a sweep (no plan.json "
                + "or sweep.csv)"), run.errLines());
        AnnealRun missing = AnnealRun.of("report", dir.resolve("nope").toString(), "--out", page.toString());
        assertEquals(2, missing.exitCode());
        assertEquals(List.of("anneal report: no such folder: " + dir.resolve("nope")), missing.errLines());
        assertFalse(Files.exists(page));
    }

    @Test
    void anOutputThatIsNotAReportIsLeftAlone(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("a");
        assertEquals(0, AnnealRun.of("train", "--epochs", "3", "--out", run.toString()).exitCode());
        Path mine = Files.writeString(dir.resolve("notes.html"), "<p>mine</p>");
        AnnealRun report = AnnealRun.of("report", run.toString(), "--out", mine.toString());
        assertEquals(2, report.exitCode());
        assertEquals(List.of("anneal report: --out " + mine + " exists and is not an Anneal report; choose another file"),
                report.errLines());
        assertEquals("<p>mine</p>", Files.readString(mine));
    }
}
