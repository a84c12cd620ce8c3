package dev.anneal.expression;

import dev.anneal.ScheduleException;

/**
 * An expression that does not parse: where (1-based column in the expression's text), what was
 * found and what was expected.
 * <pre>{@code
 * try { Expression.parse("0.95 **", "t"); }
 * catch (ExpressionException e) { e.column(); } // 8
 * }</pre>
 */
public final class ExpressionException extends ScheduleException {
    private static final long serialVersionUID = 1L;

    private final int column;
    private final String found;
    private final String expected;

    ExpressionException(String source, int column, String found, String expected) {
        super("expression \"" + source + "\", column " + column + ": expected " + expected + ", found " + found);
        this.column = column;
        this.found = found;
        this.expected = expected;
    }

    /** 1-based column in the expression's text. */
    public int column() {
        return column;
    }

    /** What was found there. */
    public String found() {
        return found;
    }

    /** What was expected there. */
    public String expected() {
        return expected;
    }
}
