package dev.anneal.text;

import dev.anneal.Schedule;
import dev.anneal.Span;
import java.util.List;

/**
 * A value read from a schedule's text, with where it was written ({@code start} inclusive,
 * {@code end} exclusive, offsets in the whole text). The parser turns calls and operators into
 * {@link Sched} at once; the other kinds are arguments, converted by {@link TextArgs}.
 */
sealed interface TextValue {

    int start();

    int end();

    /** A number as written, sign included: {@code 90}, {@code -0.5}, {@code 1e-6}, {@code inf}, {@code nan}. */
    record Num(String text, double value, int start, int end) implements TextValue {
        /** Whether it was written as a whole number: digits only, perhaps after a minus. */
        boolean whole() {
            for (int i = text.startsWith("-") ? 1 : 0; i < text.length(); i++) {
                if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        /** Its value as a long, or null when not written as a whole number or out of range. */
        Long asLong() {
            if (!whole()) {
                return null;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A length with its unit written out: {@code 2.epochs}, {@code 500.steps}. */
    record SpanLit(Span span, int start, int end) implements TextValue {
    }

    /** A quoted string; {@code offsets} as in {@link TextLexer.Token}. */
    record Str(String value, int[] offsets, int start, int end) implements TextValue {
    }

    /** {@code true}, {@code false} (or Python's {@code True}, {@code False}). */
    record Bool(boolean value, int start, int end) implements TextValue {
    }

    /** {@code None} or {@code null}. */
    record None(int start, int end) implements TextValue {
    }

    /** A bare name: an enum constant such as {@code expRange}. */
    record Name(String name, int start, int end) implements TextValue {
    }

    /** {@code [a, b, ...]}. */
    record ListOf(List<TextValue> items, int start, int end) implements TextValue {
    }

    /** {@code at: factor}, a point of a piecewise schedule. */
    record PointOf(TextValue at, TextValue factor, int start, int end) implements TextValue {
    }

    /**
     * A schedule, how deeply its nodes nest (1 for a shape), and whether it is a {@code then} chain
     * as written (a sequence, whose parts join the chain it is a part of).
     */
    record Sched(Schedule schedule, int depth, boolean chain, int start, int end) implements TextValue {
    }

    /** The nesting depth of a value: a schedule's depth, the deepest item of a list, 0 otherwise. */
    static int depth(TextValue v) {
        if (v instanceof Sched s) {
            return s.depth();
        }
        int d = 0;
        if (v instanceof ListOf list) {
            for (TextValue item : list.items()) {
                d = Math.max(d, depth(item));
            }
        }
        return d;
    }
}
