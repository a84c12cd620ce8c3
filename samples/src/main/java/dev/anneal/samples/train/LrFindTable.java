package dev.anneal.samples.train;

import dev.anneal.runtime.rangetest.LrRangeResult;
import dev.anneal.runtime.rangetest.LrSuggestion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The terminal output of a learning-rate range test: a table of its steps (every step up to
 * {@value #ROWS} of them, else every k-th, the last and the suggested ones), then one line per
 * suggestion.
 * <pre>
 * Step | LR        | Loss     | Smoothed | Note
 * -----+-----------+----------+----------+------
 *    0 | 1e-7      |   0.7160 |   0.7160 |
 *   64 | 0.01485   |   0.6442 |   0.7380 | valley
 *
 * valley: 0.01485 (smoothed loss 0.738 at step 64)
 * </pre>
 */
public final class LrFindTable {
    /** At most about this many rows are printed. */
    static final int ROWS = 30;
    private static final String ROW = "%4s | %-9s | %8s | %8s | %s";
    private static final String RULE = "-----+-----------+----------+----------+------";

    private LrFindTable() {
    }

    /** The table's lines, header first. */
    public static List<String> table(LrRangeResult result) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, ROW, "Step", "LR", "Loss", "Smoothed", "Note"));
        lines.add(RULE);
        List<LrRangeResult.Point> points = result.points();
        int every = (points.size() + ROWS - 1) / ROWS;
        for (LrRangeResult.Point p : points) {
            String note = note(result, p);
            boolean last = p.step() == points.size() - 1;
            if (p.step() % every == 0 || last || !note.isEmpty()) {
                lines.add(String.format(Locale.ROOT, ROW, p.step(), EpochTable.lr(p.lr()), value(p.loss()),
                        value(p.smoothedLoss()), note).stripTrailing());
            }
        }
        if (every > 1) {
            lines.add("      (every " + ordinal(every) + " step, the last and the suggested ones; lr-find.csv has all "
                    + points.size() + ")");
        }
        return lines;
    }

    /** One line per suggestion ({@code valley: 0.01485 (smoothed loss 0.738 at step 64)}), or the reason there is none. */
    public static List<String> suggestions(LrRangeResult result) {
        if (result.suggestions().isEmpty()) {
            return List.of(result.noSuggestion());
        }
        return result.suggestions().stream().map(LrFindTable::line).toList();
    }

    /** {@code valley: 0.01485 (smoothed loss 0.738 at step 64)}. */
    static String line(LrSuggestion s) {
        String loss = EpochTable.significant(s.smoothedLoss(), 4);
        if (s.kind() == LrSuggestion.Kind.MINIMUM_OVER_10) {
            return s.kind().label() + ": " + EpochTable.lr(s.lr()) + " (a tenth of " + EpochTable.lr(s.lr() * 10)
                    + ", where the smoothed loss is lowest: " + loss + " at step " + s.step() + ")";
        }
        return s.kind().label() + ": " + EpochTable.lr(s.lr()) + " (smoothed loss " + loss + " at step " + s.step() + ")";
    }

    private static String note(LrRangeResult result, LrRangeResult.Point p) {
        List<String> notes = new ArrayList<>();
        for (LrSuggestion s : result.suggestions()) {
            if (s.step() == p.step()) {
                notes.add(s.kind() == LrSuggestion.Kind.MINIMUM_OVER_10 ? "minimum (minimum/10: a tenth of this lr)"
                        : s.kind().label());
            }
        }
        if (result.stoppedEarly() && p.step() == result.points().size() - 1) {
            notes.add("stop: diverged");
        }
        return String.join(", ", notes);
    }

    private static String value(double v) {
        return Double.isFinite(v) && Math.abs(v) < 1e3 ? String.format(Locale.ROOT, "%.4f", v) : EpochTable.significant(v, 4);
    }

    private static String ordinal(int n) {
        return n == 2 ? "2nd" : n == 3 ? "3rd" : n + "th";
    }
}
