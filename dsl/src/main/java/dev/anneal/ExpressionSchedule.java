package dev.anneal;

import dev.anneal.expression.Expression;
import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code function("0.95 ** t")}: {@code lr = base * f(t)}, the factor an {@link Expression} of the
 * time {@code t}. No duration.
 * <pre>{@code
 * Schedule lr = Schedule.function("min(1.0, (t + 1) / 5)");
 * }</pre>
 *
 * @param expression the factor as a function of {@code t}
 */
public record ExpressionSchedule(Expression expression) implements Schedule {

    /** Checks the expression's variable. */
    public ExpressionSchedule {
        Objects.requireNonNull(expression, "expression");
        if (!expression.variable().equals("t")) {
            throw ScheduleException.invalid("function(" + Call.quote(expression.source()) + ")", "variable",
                    expression.variable(), "t");
        }
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        return (t, base, state) -> base * expression.eval(t);
    }

    @Override
    public String toString() {
        return "function(" + Call.quote(expression.source()) + ")";
    }
}
