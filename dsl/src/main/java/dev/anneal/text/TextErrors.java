package dev.anneal.text;

import dev.anneal.ScheduleException;
import dev.anneal.text.TextLexer.Kind;
import dev.anneal.text.TextLexer.Token;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Makes the parse errors of one text: each at an offset, showing what was found as written
 * (quoted, on one line, shortened when long), and turns a node's own ScheduleException into a
 * parse error at the node.
 */
final class TextErrors {

    private static final int SHOWN = 40;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final String text;

    TextErrors(String text) {
        this.text = text;
    }

    /** Runs the factory of the node written from {@code start} to {@code end}; its ScheduleException becomes a parse error there. */
    <T> T build(int start, int end, Supplier<T> factory) {
        try {
            return factory.get();
        } catch (ScheduleParseException e) {
            throw e;
        } catch (ScheduleException e) {
            throw at(start, shown(start, end), e.getMessage(), e.getMessage());
        }
    }

    /** {@code expected X, found Y} at {@code offset}. */
    ScheduleParseException syntax(int offset, String found, String expected) {
        return ScheduleParseException.syntax(text, offset, found, expected);
    }

    /** {@code expected X, found <the token>} at the token. */
    ScheduleParseException syntax(Token t, String expected) {
        return syntax(t.start(), found(t), expected);
    }

    /** {@code expected X, found <the value as written>} at the value. */
    ScheduleParseException invalid(TextValue v, String expected) {
        return syntax(v.start(), shown(v.start(), v.end()), expected);
    }

    /** {@code node(param=value): param must be rule} at the value. */
    ScheduleParseException invalid(String node, String param, TextValue v, String rule) {
        return invalid(node, param, v, v, rule);
    }

    /** {@code node(param=whole): param must be rule} at {@code part}, the part of {@code whole} that breaks it. */
    ScheduleParseException invalid(String node, String param, TextValue whole, TextValue part, String rule) {
        return at(part.start(), shown(part.start(), part.end()), rule,
                node + "(" + param + "=" + written(whole) + "): " + param + " must be " + rule);
    }

    /** An error at {@code offset} whose message, after the position, is {@code detail}. */
    ScheduleParseException at(int offset, String found, String expected, String detail) {
        return ScheduleParseException.at(text, offset, found, expected, detail);
    }

    /** A token as an error shows it. */
    String found(Token t) {
        return t.kind() == Kind.END ? "the end of the text" : "'" + abbreviate(t.text()) + "'";
    }

    /** The text between two offsets as an error shows it: quoted, shortened when long. */
    String shown(int start, int end) {
        return "'" + abbreviate(text.substring(start, Math.max(start, end))) + "'";
    }

    /** A value as written, shortened when long. */
    String written(TextValue v) {
        return abbreviate(text.substring(v.start(), Math.max(v.start(), v.end())));
    }

    private static String abbreviate(String s) {
        String oneLine = WHITESPACE.matcher(s).replaceAll(" ");
        return oneLine.length() <= SHOWN ? oneLine : oneLine.substring(0, SHOWN - 3) + "...";
    }
}
