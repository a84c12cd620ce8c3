package dev.anneal.expression;

import java.util.Objects;

/**
 * A numeric expression in one variable, in Python's syntax and semantics: the form PyTorch recipes
 * write their {@code lr_lambda} and {@code scale_fn} in ({@code "0.95 ** epoch"},
 * {@code "min(1.0, (epoch + 1) / 5)"}, {@code "1 / (2 ** (x - 1))"}).
 *
 * <p>Supported: numbers, the variable, {@code + - * / // % **} (true division, floor division,
 * floored modulo, right-associative power), unary {@code + -}, comparisons (chained as in Python),
 * {@code and or not}, {@code a if cond else b}, {@code True False}, and the functions
 * {@code min max abs int float round} and {@code math.}{@code exp log sqrt cos sin pi e floor ceil}.
 * Division by zero raises an {@link ArithmeticException}, as Python raises ZeroDivisionError.
 * Evaluation allocates nothing.
 * <pre>{@code
 * Expression f = Expression.parse("0.95 ** epoch", "epoch");
 * f.eval(2);   // 0.9025
 * }</pre>
 */
public final class Expression {

    private final String source;
    private final String variable;
    private final Node root;

    private Expression(String source, String variable, Node root) {
        this.source = source;
        this.variable = variable;
        this.root = root;
    }

    /**
     * Parses {@code source} with {@code variable} as its one free name.
     *
     * @throws ExpressionException with the column of the problem, what was found and what was expected
     */
    public static Expression parse(String source, String variable) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(variable, "variable");
        return new Expression(source, variable, ExpressionParser.parse(source, variable));
    }

    /** The value at {@code x}. */
    public double eval(double x) {
        return root.eval(x);
    }

    /** The text it was parsed from. */
    public String source() {
        return source;
    }

    /** The name of its variable. */
    public String variable() {
        return variable;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Expression e && e.source.equals(source) && e.variable.equals(variable);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + variable.hashCode();
    }

    /** The source text. */
    @Override
    public String toString() {
        return source;
    }
}
