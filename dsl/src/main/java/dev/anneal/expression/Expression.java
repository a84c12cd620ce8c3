package dev.anneal.expression;

import java.util.ArrayList;
import java.util.List;
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

    @FunctionalInterface
    private interface Node {
        double eval(double x);
    }

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
        Parser p = new Parser(source, variable);
        Node root = p.conditional();
        p.expectEnd();
        return new Expression(source, variable, root);
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

    // ---- Python arithmetic ------------------------------------------------------------------

    private static double div(double a, double b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return a / b;
    }

    private static double mod(double a, double b) {
        if (b == 0) {
            throw new ArithmeticException("integer division or modulo by zero");
        }
        double r = a % b;
        if (r != 0 && (b < 0) != (r < 0)) {
            r += b;
        }
        return r;
    }

    private static double floorDiv(double a, double b) {
        if (b == 0) {
            throw new ArithmeticException("integer division or modulo by zero");
        }
        return Math.floor((a - mod(a, b)) / b + 0.0);
    }

    private static double pow(double a, double b) {
        if (a == 0 && b < 0) {
            throw new ArithmeticException("0.0 cannot be raised to a negative power");
        }
        return Math.pow(a, b);
    }

    private static double truth(boolean b) {
        return b ? 1.0 : 0.0;
    }

    // ---- parser -----------------------------------------------------------------------------

    private static final class Parser {
        /** Deeper nesting (parentheses, unary operators, conditionals) is an error, not a stack overflow. */
        private static final int MAX_DEPTH = 200;

        private final String src;
        private final String variable;
        private final List<String> tokens = new ArrayList<>();
        private final List<Integer> columns = new ArrayList<>();
        private int pos;
        private int depth;

        Parser(String src, String variable) {
            this.src = src;
            this.variable = variable;
            tokenize();
        }

        private void tokenize() {
            int i = 0;
            int n = src.length();
            while (i < n) {
                char c = src.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int start = i;
                if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
                    while (i < n && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '.' || src.charAt(i) == '_')) {
                        i++;
                    }
                    if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
                        int j = i + 1;
                        if (j < n && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
                            j++;
                        }
                        if (j < n && Character.isDigit(src.charAt(j))) {
                            i = j;
                            while (i < n && Character.isDigit(src.charAt(i))) {
                                i++;
                            }
                        }
                    }
                } else if (Character.isLetter(c) || c == '_') {
                    while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_' || src.charAt(i) == '.')) {
                        i++;
                    }
                } else {
                    String two = i + 1 < n ? src.substring(i, i + 2) : "";
                    if (two.equals("**") || two.equals("//") || two.equals("<=") || two.equals(">=")
                            || two.equals("==") || two.equals("!=")) {
                        i += 2;
                    } else if ("+-*/%()<>,".indexOf(c) >= 0) {
                        i++;
                    } else {
                        throw error(i, "'" + c + "'", "a number, '" + variable + "', an operator or '('");
                    }
                }
                tokens.add(src.substring(start, i));
                columns.add(start);
            }
        }

        private ExpressionException error(int index, String found, String expected) {
            return new ExpressionException(src, index + 1, found, expected);
        }

        private String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        private int column() {
            return pos < columns.size() ? columns.get(pos) : src.length();
        }

        private boolean accept(String token) {
            if (token.equals(peek())) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw error(column(), found(), "'" + token + "'");
            }
        }

        private String found() {
            String t = peek();
            return t == null ? "the end" : "'" + t + "'";
        }

        void expectEnd() {
            if (peek() != null) {
                throw error(column(), found(), "an operator or the end");
            }
        }

        private void deeper() {
            if (++depth > MAX_DEPTH) {
                throw error(column(), found(), "at most " + MAX_DEPTH + " levels of nesting");
            }
        }

        Node conditional() {
            deeper();
            try {
                return conditionalBody();
            } finally {
                depth--;
            }
        }

        private Node conditionalBody() {
            Node value = or();
            if (accept("if")) {
                Node cond = or();
                expect("else");
                Node other = conditional();
                return x -> cond.eval(x) != 0 ? value.eval(x) : other.eval(x);
            }
            return value;
        }

        private Node or() {
            Node left = and();
            while (accept("or")) {
                Node l = left;
                Node r = and();
                left = x -> {
                    double a = l.eval(x);
                    return a != 0 ? a : r.eval(x);
                };
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (accept("and")) {
                Node l = left;
                Node r = not();
                left = x -> {
                    double a = l.eval(x);
                    return a == 0 ? a : r.eval(x);
                };
            }
            return left;
        }

        private Node not() {
            if (accept("not")) {
                deeper();
                Node inner = not();
                depth--;
                return x -> truth(inner.eval(x) == 0);
            }
            return comparison();
        }

        private Node comparison() {
            Node first = arith();
            Node result = null;
            Node left = first;
            while (true) {
                String op = peek();
                if (op == null || !List.of("<", "<=", ">", ">=", "==", "!=").contains(op)) {
                    break;
                }
                pos++;
                Node l = left;
                Node r = arith();
                Node test = switch (op) {
                    case "<" -> x -> truth(l.eval(x) < r.eval(x));
                    case "<=" -> x -> truth(l.eval(x) <= r.eval(x));
                    case ">" -> x -> truth(l.eval(x) > r.eval(x));
                    case ">=" -> x -> truth(l.eval(x) >= r.eval(x));
                    case "==" -> x -> truth(l.eval(x) == r.eval(x));
                    default -> x -> truth(l.eval(x) != r.eval(x));
                };
                Node prev = result;
                result = prev == null ? test : x -> prev.eval(x) != 0 ? test.eval(x) : 0.0;
                left = r;
            }
            return result == null ? first : result;
        }

        private Node arith() {
            Node left = term();
            while (true) {
                Node l = left;
                if (accept("+")) {
                    Node r = term();
                    left = x -> l.eval(x) + r.eval(x);
                } else if (accept("-")) {
                    Node r = term();
                    left = x -> l.eval(x) - r.eval(x);
                } else {
                    return left;
                }
            }
        }

        private Node term() {
            Node left = unary();
            while (true) {
                Node l = left;
                if (accept("*")) {
                    Node r = unary();
                    left = x -> l.eval(x) * r.eval(x);
                } else if (accept("/")) {
                    Node r = unary();
                    left = x -> div(l.eval(x), r.eval(x));
                } else if (accept("//")) {
                    Node r = unary();
                    left = x -> floorDiv(l.eval(x), r.eval(x));
                } else if (accept("%")) {
                    Node r = unary();
                    left = x -> mod(l.eval(x), r.eval(x));
                } else {
                    return left;
                }
            }
        }

        private Node unary() {
            if (accept("-")) {
                deeper();
                Node inner = unary();
                depth--;
                return x -> -inner.eval(x);
            }
            if (accept("+")) {
                deeper();
                Node inner = unary();
                depth--;
                return inner;
            }
            deeper();
            Node p = power();
            depth--;
            return p;
        }

        private Node power() {
            Node base = atom();
            if (accept("**")) {
                Node exponent = unary();
                return x -> pow(base.eval(x), exponent.eval(x));
            }
            return base;
        }

        private Node atom() {
            String t = peek();
            int col = column();
            if (t == null) {
                throw error(col, "the end", "a number, '" + variable + "' or '('");
            }
            if (accept("(")) {
                Node inner = conditional();
                expect(")");
                return inner;
            }
            char c = t.charAt(0);
            if (Character.isDigit(c) || c == '.') {
                pos++;
                double v;
                try {
                    v = Double.parseDouble(t.replace("_", ""));
                } catch (NumberFormatException e) {
                    throw error(col, "'" + t + "'", "a number");
                }
                return x -> v;
            }
            if (!(Character.isLetter(c) || c == '_')) {
                throw error(col, "'" + t + "'", "a number, '" + variable + "' or '('");
            }
            pos++;
            if (t.equals(variable)) {
                return x -> x;
            }
            String name = t.startsWith("math.") ? t.substring(5) : t;
            switch (name) {
                case "True":
                    return x -> 1.0;
                case "False":
                    return x -> 0.0;
                case "pi":
                    return x -> Math.PI;
                case "e":
                    return x -> Math.E;
                case "inf":
                    return x -> Double.POSITIVE_INFINITY;
                default:
                    break;
            }
            if (!"(".equals(peek())) {
                throw error(col, "'" + t + "'", "'" + variable + "', a number or a function call");
            }
            pos++;
            List<Node> args = new ArrayList<>();
            if (!accept(")")) {
                do {
                    args.add(conditional());
                } while (accept(","));
                expect(")");
            }
            return call(name, args, col, t);
        }

        private Node call(String name, List<Node> args, int col, String token) {
            Node a = args.isEmpty() ? null : args.get(0);
            switch (name) {
                case "min":
                case "max": {
                    if (args.size() < 2) {
                        throw error(col, token + " with " + args.size() + " argument(s)", "at least 2 arguments");
                    }
                    Node[] all = args.toArray(new Node[0]);
                    boolean isMin = name.equals("min");
                    return x -> {
                        double best = all[0].eval(x);
                        for (int i = 1; i < all.length; i++) {
                            double v = all[i].eval(x);
                            if (isMin ? v < best : v > best) {
                                best = v;
                            }
                        }
                        return best;
                    };
                }
                default:
                    break;
            }
            if (args.size() != 1) {
                throw error(col, token + " with " + args.size() + " arguments", "1 argument");
            }
            switch (name) {
                case "abs":
                    return x -> Math.abs(a.eval(x));
                case "float":
                    return a;
                case "int":
                    return x -> {
                        double v = a.eval(x);
                        return v < 0 ? Math.ceil(v) : Math.floor(v);
                    };
                case "round":
                    return x -> Math.rint(a.eval(x));
                case "exp":
                    return x -> Math.exp(a.eval(x));
                case "log":
                    return x -> Math.log(a.eval(x));
                case "sqrt":
                    return x -> Math.sqrt(a.eval(x));
                case "cos":
                    return x -> Math.cos(a.eval(x));
                case "sin":
                    return x -> Math.sin(a.eval(x));
                case "floor":
                    return x -> Math.floor(a.eval(x));
                case "ceil":
                    return x -> Math.ceil(a.eval(x));
                default:
                    throw error(col, "'" + token + "'", "one of min, max, abs, int, float, round, exp, log, sqrt, cos, sin, floor, ceil");
            }
        }
    }
}
