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
 * loss and accuracy, epochs run, the rung a trial was stopped at; and, under it, the rule it is
 * ranked by ({@link #rule}).
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
        out.println(rule(result));
        out.flush();
    }

    /**
     * How the table is ranked, in one line. With halving, as the halving judged the trials: a trial
     * that reached a later rung ranks above one stopped at an earlier rung (it was among the best
     * 1/eta there, and the stopped one was not), and trials that stopped at the same rung, or
     * finished, rank by the metric at their last epoch. Failed and diverged trials come last.
     */
    static String rule(SweepResult result) {
        String metric = result.metric().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                .replace("accuracy", "acc");
        String direction = result.metric().higherIsBetter() ? "highest" : "lowest";
        if (result.halving() == null) {
            return "Ranked by " + metric + " at the last epoch, " + direction + " first; failed trials last.";
        }
        return "Ranked as halving judged them: a trial that reached a later rung first (only the best 1/"
                + result.halving().eta() + " of a rung went on), then by " + metric + " at its last epoch, " + direction
                + " first; failed trials last.";
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
