package dev.anneal;

import dev.anneal.text.TextForm;
import dev.anneal.text.TextNames;

/** Builds the text form of a node: {@code name(positional, key=value, ...)}, defaults left out. */
final class Call {
    private final StringBuilder text;
    private boolean empty = true;

    Call(String name) {
        text = new StringBuilder(name).append('(');
    }

    private Call add(String piece) {
        if (!empty) {
            text.append(", ");
        }
        text.append(piece);
        empty = false;
        return this;
    }

    Call positional(Object value) {
        return add(format(value));
    }

    Call arg(String name, Object value) {
        return add(name + "=" + format(value));
    }

    /** Adds {@code name=value} unless the value is null. */
    Call opt(String name, Object value) {
        return value == null ? this : arg(name, value);
    }

    Call arg(String name, double value, double byDefault) {
        return Double.compare(value, byDefault) == 0 ? this : arg(name, value);
    }

    Call arg(String name, long value, long byDefault) {
        return value == byDefault ? this : arg(name, value);
    }

    Call arg(String name, boolean value, boolean byDefault) {
        return value == byDefault ? this : arg(name, value);
    }

    Call arg(String name, Enum<?> value, Enum<?> byDefault) {
        return value == byDefault ? this : arg(name, value);
    }

    @Override
    public String toString() {
        return text + ")";
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            return num(d);
        }
        if (value instanceof Enum<?> e) {
            return TextNames.of(e);
        }
        if (value instanceof String s) {
            return quote(s);
        }
        return String.valueOf(value);
    }

    /** A double as text that reads back to the same value (see {@link TextForm#number(double)}). */
    static String num(double v) {
        return TextForm.number(v);
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A schedule as an operand, in parentheses when asked. */
    static String group(Schedule s, boolean parens) {
        return parens ? "(" + s + ")" : s.toString();
    }

    /** {@code receiver.method(args)}, the receiver in parentheses when it is an operator expression. */
    static String postfix(Schedule receiver, Call method) {
        boolean wrap = receiver instanceof Sequence || receiver instanceof Product || receiver instanceof Scaled;
        return group(receiver, wrap) + "." + method;
    }
}
