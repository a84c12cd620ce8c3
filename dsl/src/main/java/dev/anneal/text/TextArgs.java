package dev.anneal.text;

import dev.anneal.Piecewise;
import dev.anneal.Span;
import dev.anneal.expression.Expression;
import dev.anneal.expression.ExpressionException;
import dev.anneal.text.TextValue.Bool;
import dev.anneal.text.TextValue.ListOf;
import dev.anneal.text.TextValue.Name;
import dev.anneal.text.TextValue.None;
import dev.anneal.text.TextValue.Num;
import dev.anneal.text.TextValue.PointOf;
import dev.anneal.text.TextValue.SpanLit;
import dev.anneal.text.TextValue.Str;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one call in the text, bound to the node's parameters (positional ones in the
 * parameter order, then keywords), and converted on request to the parameter's type. Each
 * conversion error points at the argument and names the node, the parameter and the rule.
 */
final class TextArgs {

    /** An argument as written: {@code name} is null for a positional one. */
    record Arg(String name, int nameStart, TextValue value) {
    }

    private static final String LENGTH = "a length: a whole number >= 0 of steps (500) or of epochs (2.epochs)";
    private static final String LENGTHS = "a list of lengths, each a whole number >= 0 of steps (500) or of epochs (2.epochs)";
    private static final String POINTS = "a list of points time: factor, e.g. [0: 1.0, 2.epochs: 0.5]";

    private final TextErrors errors;
    private final String node;
    private final int start;
    private final int end;
    private final List<String> params;
    private final Map<String, TextValue> given = new HashMap<>();

    TextArgs(TextErrors errors, String node, int start, int end, List<String> params, List<Arg> args) {
        this.errors = errors;
        this.node = node;
        this.start = start;
        this.end = end;
        this.params = params;
        String known = params.isEmpty() ? "none" : String.join(", ", params);
        boolean keywords = false;
        int positional = 0;
        for (Arg arg : args) {
            TextValue v = arg.value();
            String param;
            if (arg.name() == null) {
                if (keywords) {
                    throw errors.at(v.start(), errors.shown(v.start(), v.end()), "a keyword argument (name=value)",
                            node + ": a positional argument cannot follow keyword arguments");
                }
                if (positional >= params.size()) {
                    String most = params.isEmpty() ? "no arguments" : "at most " + params.size() + " arguments";
                    throw errors.at(v.start(), errors.shown(v.start(), v.end()), most,
                            node + " takes " + most + " (parameters: " + known + ")");
                }
                param = params.get(positional++);
            } else {
                keywords = true;
                param = arg.name();
                if (!params.contains(param)) {
                    throw errors.at(arg.nameStart(), "'" + param + "'", "one of: " + known,
                            node + " has no parameter '" + param + "'; its parameters: " + known);
                }
            }
            if (given.put(param, v) != null) {
                throw errors.at(arg.nameStart(), "'" + param + "'", "each parameter once", node + ": " + param + " is given twice");
            }
        }
    }

    /** The schedule-or-value error {@code expected X, found ...} at {@code v}. */
    ScheduleParseException invalid(TextValue v, String expected) {
        return errors.invalid(v, expected);
    }

    private TextValue required(String param) {
        TextValue v = given.get(param);
        if (v == null) {
            throw errors.at(start, errors.shown(start, end), param,
                    node + ": " + param + " is required (parameters: " + String.join(", ", params) + ")");
        }
        return v;
    }

    /** Whether the parameter is absent, or None where its default is null. */
    private boolean absent(String param, Object byDefault) {
        TextValue v = given.get(param);
        return v == null || (byDefault == null && v instanceof None);
    }

    private ScheduleParseException invalid(String param, TextValue v, String rule) {
        return errors.invalid(node, param, v, v, rule);
    }

    Span span(String param) {
        return span(param, required(param));
    }

    Span span(String param, Span byDefault) {
        return absent(param, byDefault) ? byDefault : span(param, given.get(param));
    }

    private Span span(String param, TextValue v) {
        return span(param, v, v, LENGTH);
    }

    /** {@code v} as a length; an error names {@code whole}, the argument {@code v} is part of. */
    private Span span(String param, TextValue v, TextValue whole, String rule) {
        if (v instanceof SpanLit s) {
            return s.span();
        }
        Long amount = v instanceof Num n ? n.asLong() : null;
        if (amount == null || amount < 0) {
            throw errors.invalid(node, param, whole, v, rule);
        }
        return Span.steps(amount);
    }

    double number(String param) {
        return number(param, required(param));
    }

    double number(String param, double byDefault) {
        return absent(param, byDefault) ? byDefault : number(param, given.get(param));
    }

    Double number(String param, Double byDefault) {
        return absent(param, byDefault) ? byDefault : (Double) number(param, given.get(param));
    }

    private double number(String param, TextValue v) {
        if (v instanceof Num n) {
            return n.value();
        }
        throw invalid(param, v, "a number");
    }

    long integer(String param, long byDefault) {
        if (absent(param, byDefault)) {
            return byDefault;
        }
        TextValue v = given.get(param);
        Long value = v instanceof Num n ? n.asLong() : null;
        if (value == null) {
            throw invalid(param, v, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
        return value;
    }

    boolean bool(String param, boolean byDefault) {
        if (absent(param, byDefault)) {
            return byDefault;
        }
        TextValue v = given.get(param);
        if (v instanceof Bool b) {
            return b.value();
        }
        throw invalid(param, v, "true or false");
    }

    <E extends Enum<E>> E choice(String param, E byDefault) {
        if (absent(param, byDefault)) {
            return byDefault;
        }
        TextValue v = given.get(param);
        E found = v instanceof Name n ? TextNames.find(byDefault.getDeclaringClass(), n.name()) : null;
        if (found == null) {
            List<String> names = Arrays.stream(byDefault.getDeclaringClass().getEnumConstants()).map(TextNames::of).toList();
            throw invalid(param, v, "one of " + String.join(", ", names));
        }
        return found;
    }

    Expression expression(String param, String variable) {
        return expression(param, variable, required(param));
    }

    Expression expression(String param, String variable, Expression byDefault) {
        return absent(param, byDefault) ? byDefault : expression(param, variable, given.get(param));
    }

    private Expression expression(String param, String variable, TextValue v) {
        if (!(v instanceof Str s)) {
            throw invalid(param, v, "a quoted expression in " + variable + ", e.g. \"0.95 ** " + variable + "\"");
        }
        try {
            return Expression.parse(s.value(), variable);
        } catch (ExpressionException e) {
            int at = s.offsets()[Math.max(0, Math.min(e.column() - 1, s.value().length()))];
            throw errors.at(at, e.found(), e.expected(), node + "(" + param + "=" + errors.written(s)
                    + "): expected " + e.expected() + ", found " + e.found());
        }
    }

    List<Span> spans(String param) {
        TextValue v = required(param);
        List<Span> spans = new ArrayList<>();
        for (TextValue item : items(param, v, LENGTHS)) {
            spans.add(span(param, item, v, LENGTHS));
        }
        return spans;
    }

    List<Piecewise.Point> points(String param, List<Piecewise.Point> byDefault) {
        if (absent(param, byDefault)) {
            return byDefault;
        }
        TextValue v = given.get(param);
        List<Piecewise.Point> points = new ArrayList<>();
        for (TextValue item : items(param, v, POINTS)) {
            if (!(item instanceof PointOf p)) {
                throw errors.invalid(node, param, v, item, POINTS);
            }
            Span at = span(param, p.at(), v, POINTS);
            if (!(p.factor() instanceof Num factor)) {
                throw errors.invalid(node, param, v, p.factor(), POINTS);
            }
            points.add(errors.build(p.start(), p.end(), () -> new Piecewise.Point(at, factor.value())));
        }
        return points;
    }

    private List<TextValue> items(String param, TextValue v, String rule) {
        if (v instanceof ListOf list) {
            return list.items();
        }
        throw invalid(param, v, rule);
    }
}
