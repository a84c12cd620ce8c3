package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anneal sweep}: the leaderboard, sweep.csv, trial folders, parallelism, halving, a killed sweep. */
class SweepCommandTest {
    private static final String REQUIRED_COLUMNS = "rank,trial,schedule,lr,seed,epochs_run,val_loss,val_accuracy,stopped_at";

    private static String[] sweep(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--schedule", "warmup({w}) then cosine()",
                "--hole", "w in [0, 1.epochs]", "--schedule", "CosineAnnealingLR(T_max=3).perEpoch()",
                "--lr", "0.01,0.1", "--hidden", "16", "--epochs", "4", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void printsALinePerTrialAndALeaderboardWithItsRuleAndWritesTheCsvAndAFolderPerTrial(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("s");
        AnnealRun run = AnnealRun.of(sweep(out, "--parallel", "2"));
        assertEquals(0, run.exitCode(), run.err());

        assertTrue(run.out().contains("sweep: 6 trials (grid), 4 epochs each, 2 at once"), run.out());
        for (int k = 1; k <= 6; k++) {
            String prefix = "[" + k + "/6] trial-";
            assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith(prefix)), run.out());
        }
        int header = run.outLines().indexOf(run.outLines().stream().filter(l -> l.startsWith("Rank | Trial"))
                .findFirst().orElseThrow(() -> new AssertionError(run.out())));
        assertEquals("Rank | Trial     | Schedule                              |   LR | Optimizer | Seed | Val loss | "
                + "Val acc | Epochs | Stopped at", run.outLines().get(header));
        for (int rank = 1; rank <= 6; rank++) {
            assertTrue(run.outLines().get(header + 1 + rank).startsWith("   " + rank + " | trial-"), run.out());
        }

        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertTrue(csv.get(0).startsWith("rank,trial,schedule,lr,"), csv.get(0));
        for (String column : REQUIRED_COLUMNS.split(",")) {
            assertTrue(List.of(csv.get(0).split(",")).contains(column), column);
        }
        assertEquals(7, csv.size());
        assertTrue(csv.get(1).startsWith("1,trial-"), csv.get(1));
        assertTrue(csv.get(6).startsWith("6,trial-"), csv.get(6));
        for (int t = 1; t <= 6; t++) {
            Path trial = out.resolve("trials/trial-00" + t);
            for (String f : List.of("run.json", "epochs.jsonl", "history.csv", "final.ckpt")) {
                assertTrue(Files.isRegularFile(trial.resolve(f)), trial.resolve(f).toString());
            }
            for (String f : List.of("history.json", "lr.png", "lr.svg", "loss.png", "accuracy.png")) {
                assertFalse(Files.exists(trial.resolve(f)), trial.resolve(f) + ": charts only with --trial-charts");
            }
        }
        for (String f : List.of("sweep.json", "best.ckpt", "val-loss.png", "val-loss.svg", "lr.png", "plan.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(run.outLines().contains("Ranked by val loss at the last epoch, lowest first; failed trials last."),
                run.out());
        String bestTrial = csv.get(1).split(",")[1];
        assertArrayEquals(Files.readAllBytes(out.resolve("trials/" + bestTrial + "/final.ckpt")),
                Files.readAllBytes(out.resolve("best.ckpt")));
    }

    @Test
    void oneOrTwoAtOnceWriteTheSameCsvAndHalvingRecordsTheRung(@TempDir Path dir) throws Exception {
        AnnealRun one = AnnealRun.of(sweep(dir.resolve("one"), "--parallel", "1", "--halving", "eta=2,min-epochs=1"));
        AnnealRun two = AnnealRun.of(sweep(dir.resolve("two"), "--parallel", "2", "--halving", "eta=2,min-epochs=1"));
        assertEquals(0, one.exitCode(), one.err());
        assertEquals(0, two.exitCode(), two.err());
        List<String> csv = Files.readAllLines(dir.resolve("one/sweep.csv"));
        assertEquals(csv, Files.readAllLines(dir.resolve("two/sweep.csv")));

        int stopped = 0;
        for (String row : csv.subList(1, csv.size())) {
            String[] cells = row.replaceAll("\"[^\"]*\"", "S").split(",", -1);
            // rank,trial,schedule,lr,optimizer,weight_decay,batch,seed,epochs_run,val_loss,val_accuracy,stopped_at,status
            if (cells[12].equals("stopped")) {
                stopped++;
                assertTrue(cells[11].equals("1") || cells[11].equals("2"), row);
                assertEquals(cells[11], cells[8], row);
                String runJson = Files.readString(dir.resolve("one/trials/" + cells[1] + "/run.json"));
                assertTrue(runJson.contains("\"status\" : \"stopped\""), runJson);
                assertTrue(runJson.contains("\"epoch\" : " + cells[11] + ","), runJson);
            } else {
                assertEquals("finished", cells[12], row);
                assertEquals("", cells[11], row);
                assertEquals("4", cells[8], row);
            }
        }
        assertTrue(stopped >= 3, String.join("\n", csv));
        assertTrue(one.out().contains("stopped at epoch 1"), one.out());
    }

    @Test
    void aSweepFileAndTheOptionsRunTheSameSweep(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("sweep.yaml");
        Files.writeString(spec, """
                schedules: ["warmup({w}) then cosine()"]
                holes: {w: [0, 1.epochs]}
                lr: [0.05]
                seeds: [3]
                epochs: 2
                halving: {eta: 2, minEpochs: 1}
                """);
        AnnealRun fromFile = AnnealRun.of("sweep", "--spec", spec.toString(), "--hidden", "8", "--out",
                dir.resolve("file").toString());
        AnnealRun fromOptions = AnnealRun.of("sweep", "--schedule", "warmup({w}) then cosine()", "--hole",
                "w in [0, 1.epochs]", "--lr", "0.05", "--seeds", "3", "--epochs", "2", "--halving", "eta=2,min-epochs=1",
                "--hidden", "8", "--out", dir.resolve("options").toString());
        assertEquals(0, fromFile.exitCode(), fromFile.err());
        assertEquals(0, fromOptions.exitCode(), fromOptions.err());
        assertEquals(Files.readAllLines(dir.resolve("options/sweep.csv")), Files.readAllLines(dir.resolve("file/sweep.csv")));
        assertTrue(fromFile.out().contains("sweep: 2 trials (grid), 2 epochs each"), fromFile.out());
        assertTrue(Files.readString(dir.resolve("file/sweep.csv")).contains(",1,stopped\n"));
    }

    @Test
    void aKilledSweepRunAgainSkipsFinishedTrialsAndContinuesTheInterruptedOne(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s");
        String[] args = {"sweep", "--schedule", "warmup(2.epochs) then cosine()", "--lr", "0.03,0.1",
            "--epochs", "20", "--hidden", "256,256", "--parallel", "1", "--out", out.toString()};
        Process child = ChildAnneal.start(dir.resolve("child.log"), List.of(), args);
        Path partial = out.resolve("trials/trial-002/epochs.jsonl");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (epochs(partial) < 3 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(child.isAlive(), "the sweep was still going in trial 2:\n" + Files.readString(dir.resolve("child.log")));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertFalse(Files.exists(out.resolve("sweep.csv")), "no results from a killed sweep");
        byte[] finishedRun = Files.readAllBytes(out.resolve("trials/trial-001/run.json"));
        assertTrue(new String(finishedRun).contains("\"status\" : \"finished\""));

        AnnealRun again = AnnealRun.of(args);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("continuing: 2 of 2 trial folders exist"), again.out());
        assertArrayEquals(finishedRun, Files.readAllBytes(out.resolve("trials/trial-001/run.json")), "not run again");

        String[] straightArgs = args.clone();
        straightArgs[straightArgs.length - 1] = dir.resolve("straight").toString();
        AnnealRun straight = AnnealRun.of(straightArgs);
        assertEquals(0, straight.exitCode(), straight.err());
        assertEquals(Files.readAllLines(dir.resolve("straight/sweep.csv")), Files.readAllLines(out.resolve("sweep.csv")));
        assertEquals(TrainCommandTest.withoutSeconds(dir.resolve("straight/trials/trial-002/history.csv")),
                TrainCommandTest.withoutSeconds(out.resolve("trials/trial-002/history.csv")));
    }

    @Test
    void trialChartsDrawEachTrialsChartsAsTrainDoes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s");
        AnnealRun run = AnnealRun.of("sweep", "--schedule", "warmup(1.epochs) then cosine()", "--lr", "0.05",
                "--epochs", "2", "--hidden", "8", "--trial-charts", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (String f : List.of("history.csv", "history.json", "lr.png", "lr.svg", "loss.png", "loss.svg",
                "accuracy.png")) {
            assertTrue(Files.isRegularFile(out.resolve("trials/trial-001").resolve(f)), f);
        }
        assertTrue(Files.size(out.resolve("trials/trial-001/lr.svg")) < 16_000, "one polyline, a few KB");
    }

    private static int epochs(Path log) throws IOException {
        return Files.exists(log) ? (int) Files.readString(log).chars().filter(c -> c == '\n').count() : 0;
    }
}
