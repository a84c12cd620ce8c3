package dev.anneal.text;

import dev.anneal.ScheduleException;

/**
 * A schedule's text that cannot be read: a syntax error, or a parameter its node rejects. It says
 * where (1-based line and column), what was found there and what was expected, and its message
 * ends with the line and a caret under the place:
 * <pre>
 * line 1, column 16: expected ')' or ',', found 'then'
 *   cosine(tMax=90 then constant())
 *                  ^
 * </pre>
 * For a parameter that its node rejects, {@link #found()} is the node as written and
 * {@link #expected()} the rule, e.g. {@code line 1, column 1: cosine(tMax=0, etaMin=0.0): tMax must be > 0, got 0}.
 * <pre>{@code
 * try { Schedule.parse(text); }
 * catch (ScheduleParseException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class ScheduleParseException extends ScheduleException {
    private static final long serialVersionUID = 1L;

    private static final int EXCERPT = 72;

    private final int line;
    private final int column;
    private final String found;
    private final String expected;

    private ScheduleParseException(String message, int line, int column, String found, String expected) {
        super(message);
        this.line = line;
        this.column = column;
        this.found = found;
        this.expected = expected;
    }

    /** {@code expected X, found Y} at {@code offset} (0-based) in {@code text}. */
    static ScheduleParseException syntax(String text, int offset, String found, String expected) {
        return at(text, offset, found, expected, "expected " + expected + ", found " + found);
    }

    /** An error at {@code offset} in {@code text} whose message after the position is {@code detail}. */
    static ScheduleParseException at(String text, int offset, String found, String expected, String detail) {
        int lineStart = 0;
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        int column = offset - lineStart + 1;
        String message = "line " + line + ", column " + column + ": " + detail + "\n" + excerpt(text, lineStart, offset);
        return new ScheduleParseException(message, line, column, found, expected);
    }

    /** The line holding {@code offset} (a window of it when long) and a caret under the offset. */
    private static String excerpt(String text, int lineStart, int offset) {
        int lineEnd = lineStart;
        while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
            lineEnd++;
        }
        int from = Math.max(lineStart, offset - EXCERPT / 2);
        int to = Math.min(lineEnd, from + EXCERPT);
        StringBuilder shown = new StringBuilder("  ");
        StringBuilder caret = new StringBuilder("  ");
        if (from > lineStart) {
            shown.append("...");
            caret.append("   ");
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean printable = c == '\t' || !Character.isISOControl(c);
            shown.append(printable ? c : ' ');
            if (i < offset) {
                caret.append(c == '\t' ? '\t' : ' ');
            }
        }
        if (to < lineEnd) {
            shown.append("...");
        }
        return shown + "\n" + caret.append('^');
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem in its line. */
    public int column() {
        return column;
    }

    /** What was found there, e.g. {@code 'then'} or {@code the end of the text}; for a rejected parameter, the node as written. */
    public String found() {
        return found;
    }

    /** What was expected there, e.g. {@code ')' or ','}; for a rejected parameter, the rule it breaks. */
    public String expected() {
        return expected;
    }
}
