package dev.anneal.expression;

import static dev.anneal.expression.PythonMath.div;
import static dev.anneal.expression.PythonMath.floorDiv;
import static dev.anneal.expression.PythonMath.function;
import static dev.anneal.expression.PythonMath.minMax;
import static dev.anneal.expression.PythonMath.mod;
import static dev.anneal.expression.PythonMath.pow;
import static dev.anneal.expression.PythonMath.truth;

import dev.anneal.expression.ExpressionLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an expression's tokens by recursive descent into its tree of {@link Node}s, with Python's
 * precedence, low to high: {@code a if c else b}; {@code or}; {@code and}; {@code not}; comparisons
 * (chained); {@code + -}; {@code * / // %}; unary {@code + -}; {@code **} (right-associative); then
 * numbers, the variable, {@code True False pi e inf}, calls and {@code (expr)}.
 */
final class ExpressionParser {

    /** Deeper nesting (parentheses, unary operators, conditionals) is an error, not a stack overflow. */
    private static final int MAX_DEPTH = 200;

    private final String src;
    private final String variable;
    private final List<Token> tokens;
    private int pos;
    private int depth;

    private ExpressionParser(String src, String variable) {
        this.src = src;
        this.variable = variable;
        this.tokens = ExpressionLexer.tokens(src, variable);
    }

    /**
     * The tree of {@code src}, whose one free name is {@code variable}.
     *
     * @throws ExpressionException with the column of the problem, what was found and what was expected
     */
    static Node parse(String src, String variable) {
        ExpressionParser p = new ExpressionParser(src, variable);
        Node root = p.conditional();
        p.expectEnd();
        return root;
    }

    private ExpressionException error(int index, String found, String expected) {
        return new ExpressionException(src, index + 1, found, expected);
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos).text() : null;
    }

    private int column() {
        return pos < tokens.size() ? tokens.get(pos).start() : src.length();
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

    private void expectEnd() {
        if (peek() != null) {
            throw error(column(), found(), "an operator or the end");
        }
    }

    private void deeper() {
        if (++depth > MAX_DEPTH) {
            throw error(column(), found(), "at most " + MAX_DEPTH + " levels of nesting");
        }
    }

    private Node conditional() {
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
        if (name.equals("min") || name.equals("max")) {
            if (args.size() < 2) {
                throw error(col, token + " with " + args.size() + " argument(s)", "at least 2 arguments");
            }
            return minMax(name.equals("min"), args.toArray(new Node[0]));
        }
        if (args.size() != 1) {
            throw error(col, token + " with " + args.size() + " arguments", "1 argument");
        }
        Node f = function(name, args.get(0));
        if (f == null) {
            throw error(col, "'" + token + "'", "one of min, max, abs, int, float, round, exp, log, sqrt, cos, sin, floor, ceil");
        }
        return f;
    }
}
