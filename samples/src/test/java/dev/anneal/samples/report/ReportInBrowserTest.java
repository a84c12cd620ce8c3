package dev.anneal.samples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.samples.cli.Anneal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import picocli.CommandLine;

/**
 * The report and the live page in a real browser (headless chromium): they load with no console error
 * and no request, draw the series expected, read out the value under the mouse, highlight the trial
 * clicked in the leaderboard, and the live page follows a run as it is written. Screenshots land in
 * {@code target/browser/}.
 */
class ReportInBrowserTest {
    @TempDir
    static Path dir;
    static Browser browser;
    static Path steps;
    static Path epochs;
    static Path sweep;

    @BeforeAll
    static void runAndStartTheBrowser() {
        steps = dir.resolve("runs/steps");
        epochs = dir.resolve("runs/epochs");
        sweep = dir.resolve("sweeps/s");
        anneal("train", "--epochs", "3", "--record-steps", "--device", "cpu", "--out", steps.toString());
        anneal("train", "--epochs", "3", "--lr", "0.05", "--device", "cpu", "--out", epochs.toString());
        anneal("sweep", "--schedule", "warmup({w}) then cosine()", "--hole", "w in [0, 1.epochs]", "--lr", "0.03,0.1",
                "--hidden", "8", "--epochs", "4", "--halving", "eta=2,min-epochs=1", "--parallel", "2", "--out",
                sweep.toString());
        browser = Browser.start();
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static void anneal(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = Anneal.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int exit = cl.execute(args);
        assertEquals(0, exit, out.toString());
    }

    @Test
    void twoRunsOverlaidLoadWithNoErrorNoRequestAndTheirSeries() throws IOException {
        Path page = dir.resolve("two.html");
        anneal("report", steps.toString(), epochs.toString(), "--out", page.toString());
        browser.open(page.toUri().toString());
        assertEquals(List.of(), browser.consoleErrors());
        assertEquals(0L, browser.js("return performance.getEntriesByType('resource').length"), "nothing fetched");
        assertEquals(4L, series("loss"), "each run's training and validation loss");
        assertEquals(2L, series("accuracy"));
        assertEquals(2L, series("lr"));
        String text = browser.driver.findElement(By.id("notes")).getText();
        assertTrue(text.contains("epoch 2: warmup ends"), text);
        assertTrue(browser.driver.findElement(By.id("runs")).getText().contains("warmup(2.epochs) then cosine()"));
        browser.screenshot("report-runs");
        browser.driver.findElement(By.cssSelector("#chart-lr button.scale")).click();
        assertEquals(3L, browser.js("return window.annealReport.charts.lr.scales.y.distr"), "the lr on a log scale");
        assertEquals(2L, series("lr"));
    }

    @Test
    void hoveringTheLrChartAtAStepShowsStepsCsvsValue() throws IOException {
        Path page = dir.resolve("steps.html");
        anneal("report", steps.toString(), "--out", page.toString());
        browser.open(page.toUri().toString());
        List<String> csv = Files.readAllLines(steps.resolve("steps.csv"));
        assertEquals("step,epoch,loss,lr", csv.getFirst());
        for (int step : new int[] {13, 37, 61}) {
            String lr = csv.get(step + 1).split(",")[3];
            hover("lr", step);
            WebElement readout = browser.driver.findElement(By.id("readout-lr"));
            assertEquals(String.valueOf(step), readout.getAttribute("data-x"), readout.getText());
            WebElement value = readout.findElement(By.cssSelector("[data-series='" + steps + "']"));
            assertEquals(Double.parseDouble(lr), Double.parseDouble(value.getAttribute("data-value")), 0.0, lr);
            assertEquals(steps + " " + sixDigits(lr), value.getText());
        }
        browser.screenshot("report-hover-lr");
    }

    @Test
    void withoutRecordedStepsTheLrChartHoldsHistoryCsvsValueAfterEachEpoch() throws IOException {
        Path page = dir.resolve("epochs.html");
        anneal("report", epochs.toString(), "--out", page.toString());
        browser.open(page.toUri().toString());
        String row = Files.readAllLines(epochs.resolve("history.csv")).get(2);   // epoch 2, after 50 steps
        hover("lr", 50);
        WebElement value = browser.driver.findElement(By.cssSelector("#readout-lr [data-series='" + epochs + "']"));
        assertEquals(Double.parseDouble(row.split(",")[5]), Double.parseDouble(value.getAttribute("data-value")), 0.0, row);
    }

    @Test
    void theSweepsReportHighlightsTheTrialClickedInItsLeaderboard() throws IOException {
        Path page = sweep.resolve("report.html");
        assertTrue(Files.size(page) < 1_000_000, "anneal sweep wrote it: " + Files.size(page));
        browser.open(page.toUri().toString());
        assertEquals(List.of(), browser.consoleErrors());
        List<String> board = Files.readAllLines(sweep.resolve("sweep.csv"));
        int trials = board.size() - 1;
        assertEquals(4, trials);
        assertEquals((long) trials, series("loss"), "one validation loss a trial");
        assertEquals((long) trials, series("lr"));
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#leaderboard tbody tr"));
        assertEquals(trials, rows.size());
        String chosen = board.get(3).split(",")[1];   // rank 3
        browser.driver.findElement(By.cssSelector("#leaderboard tr[data-trial='" + chosen + "']")).click();
        assertEquals(chosen, browser.js("return window.annealReport.highlighted"));
        assertTrue(browser.driver.findElement(By.cssSelector("tr[data-trial='" + chosen + "']")).getAttribute("class")
                .contains("selected"));
        @SuppressWarnings("unchecked")
        List<String> strokes = (List<String>) browser.js("var u = window.annealReport.charts.loss;"
                + "return u.defs.map(function (d, i) { return d.line.id + ' ' + u.series[i + 1]._stroke; });");
        for (String s : strokes) {
            boolean mine = s.startsWith(chosen + " ");
            assertEquals(mine, s.matches("\\S+ #[0-9a-f]{6}"), "full colour for " + chosen + " only: " + strokes);
        }
        browser.screenshot("report-sweep");
        browser.driver.findElement(By.cssSelector("#leaderboard th[data-key='valLoss']")).click();
        List<Double> losses = browser.driver.findElements(By.cssSelector("#leaderboard tbody tr td:nth-child(7)"))
                .stream().map(e -> Double.parseDouble(e.getText())).toList();
        assertEquals(losses.stream().sorted().toList(), losses, "sorted by validation loss");
    }

    @Test
    void theLivePageShowsANewEpochAndANewTrial() throws IOException {
        Path root = Files.createDirectories(dir.resolve("live"));
        Path run = Folders.run(root.resolve("a"), "running", 2);
        Path plan = Folders.sweep(root.resolve("s"), 3);
        try (LiveServer server = LiveServer.start(root, "127.0.0.1", 0)) {
            browser.open(server.uri().resolve("/view/a").toString());
            assertEquals(2L, browser.js("return window.annealReport.charts.loss.data[0].length"));
            Files.writeString(run.resolve("epochs.jsonl"), Folders.line(3), StandardOpenOption.APPEND);
            browser.await("the third epoch shows", "return window.annealReport.charts.loss.data[0].length === 3");
            assertEquals(List.of(), browser.consoleErrors());
            browser.screenshot("live-run");

            browser.open(server.uri().resolve("/view/s").toString());
            assertEquals("waiting", status("trial-001"));
            Folders.run(plan.resolve("trials/trial-001"), "running", 1);
            browser.await("trial-001 started", "var r = document.querySelector(\"tr[data-trial='trial-001']\");"
                    + "return r != null && r.lastChild.textContent === 'running'");
            assertEquals(1L, series("loss"));
            browser.screenshot("live-sweep");
            browser.driver.get("about:blank");
        }
    }

    private String status(String trial) {
        return browser.driver.findElement(By.cssSelector("tr[data-trial='" + trial + "'] td:last-child")).getText();
    }

    private long series(String chart) {
        return (Long) browser.js("return window.annealReport.charts['" + chart + "'].series.length - 1");
    }

    /** Moves the mouse over {@code chart} to x value {@code x}. */
    private void hover(String chart, double x) {
        WebElement over = browser.driver.findElement(By.cssSelector("#chart-" + chart + " .u-over"));
        double px = ((Number) browser.js("return window.annealReport.charts['" + chart + "'].valToPos(arguments[0], 'x')",
                x)).doubleValue();
        int dx = (int) Math.round(px - over.getSize().getWidth() / 2.0);
        new Actions(browser.driver).moveToElement(over, dx, 0).perform();
    }

    /** The page's read-out of a number: 6 significant digits, no trailing zeros. */
    private static String sixDigits(String value) {
        java.math.BigDecimal d = new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros();
        return d.compareTo(java.math.BigDecimal.ZERO) == 0 ? "0" : d.toPlainString();
    }
}
