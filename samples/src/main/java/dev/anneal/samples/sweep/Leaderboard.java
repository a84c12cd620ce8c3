package dev.anneal.samples.sweep;

import dev.anneal.runtime.sweep.SweepResult;
import dev.anneal.runtime.sweep.TrialConfig;
import dev.anneal.runtime.sweep.TrialOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sweep's ranking as a terminal table: rank, trial, schedule, lr, optimizer, seed, validation
 * loss and accuracy, epochs run, the rung a trial was stopped at.
 *
 * <pre>{@code
 * Leaderboard.print(result, 20, out);
 * }</pre>
 */
public final class Leaderboard {
    private static final String[] HEADER = {"Rank", "Trial", "Schedule", "LR", "Optimizer", "Seed", "Val loss",
        "Val acc", "Epochs", "Stopped at"};

    private Leaderboard() {
    }

    /** Prints the best {@code rows} trials (and how many more there are). */
    public static void print(SweepResult result, int rows, PrintWriter out) {
        List<String[]> table = new ArrayList<>();
        table.add(HEADER);
        List<TrialOutcome> ranked = result.ranked();
        for (int i = 0; i < Math.min(rows, ranked.size()); i++) {
            TrialOutcome o = ranked.get(i);
            TrialConfig c = o.trial().config();
            table.add(new String[] {String.valueOf(i + 1), o.trial().name(), c.schedule(), number(c.lr()),
                c.optimizer() + (c.weightDecay() == 0 ? "" : " wd " + number(c.weightDecay())),
                String.valueOf(c.seed()), fixed(o.valLoss()), fixed(o.valAccuracy()), String.valueOf(o.epochsRun()),
                o.stoppedAt() > 0 ? "epoch " + o.stoppedAt() : o.status().equals("finished") ? "" : o.status()});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : table) {
            for (int j = 0; j < row.length; j++) {
                width[j] = Math.max(width[j], row[j].length());
            }
        }
        for (int r = 0; r < table.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < width.length; j++) {
                String cell = table.get(r)[j];
                boolean right = j == 0 || j == 3 || (j >= 5 && j <= 8);
                line.append(j == 0 ? "" : " | ").append(right ? pad(cell, width[j], true) : pad(cell, width[j], false));
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int j = 0; j < width.length; j++) {
                    rule.append(j == 0 ? "" : "-+-").append("-".repeat(width[j]));
                }
                out.println(rule);
            }
        }
        if (ranked.size() > rows) {
            out.println("... " + (ranked.size() - rows) + " more in sweep.csv");
        }
        out.flush();
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
