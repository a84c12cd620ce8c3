package dev.anneal.samples.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The per-epoch table of a training run, printed a row at a time as epochs end:
 * <pre>
 * Epoch | Train loss | Val loss | Val acc | LR after  | Note
 * ------+------------+----------+---------+-----------+------
 *     1 |     0.6120 |   0.5406 |  0.7850 | 0.05      | warmup
 * </pre>
 * Losses and accuracy with four decimals; {@code LR after} is the learning rate after the epoch (what the
 * next step uses, as {@code Trainer.nextLr()} and the runtime's progress line), with four significant digits.
 */
public final class EpochTable {
    private static final String ROW = "%5s | %10s | %8s | %7s | %-9s | %s";
    private static final String RULE = "------+------------+----------+---------+-----------+------";

    private EpochTable() {
    }

    /** The header and the rule under it. */
    public static String header() {
        return String.format(Locale.ROOT, ROW, "Epoch", "Train loss", "Val loss", "Val acc", "LR after", "Note")
                + System.lineSeparator() + RULE;
    }

    /** The row of an epoch. */
    public static String row(EpochRow row) {
        return String.format(Locale.ROOT, ROW, row.epoch(), fixed(row.trainLoss()), fixed(row.valLoss()),
                fixed(row.valAccuracy()), lr(row.lr()), row.note()).stripTrailing();
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A learning rate with four significant digits: {@code 0.1}, {@code 0.09755}, {@code 2.5e-6}, {@code 0}. */
    public static String lr(double v) {
        return significant(v, 4);
    }

    /** {@code v} rounded to {@code digits} significant digits, plain from 1e-4 to 1e6, else like {@code 2.5e-6}. */
    public static String significant(double v, int digits) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 6) {
            return d.toPlainString();
        }
        return d.movePointLeft(exponent).toPlainString() + "e" + exponent;
    }
}
