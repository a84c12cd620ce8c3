package dev.anneal.text;

import dev.anneal.Schedule;
import dev.anneal.Span;
import dev.anneal.text.TextLexer.Kind;
import dev.anneal.text.TextLexer.Token;
import dev.anneal.text.TextValue.Bool;
import dev.anneal.text.TextValue.ListOf;
import dev.anneal.text.TextValue.Name;
import dev.anneal.text.TextValue.None;
import dev.anneal.text.TextValue.Num;
import dev.anneal.text.TextValue.PointOf;
import dev.anneal.text.TextValue.Sched;
import dev.anneal.text.TextValue.SpanLit;
import dev.anneal.text.TextValue.Str;
import dev.anneal.torch.TorchSchedulers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a schedule's text form (see {@link Schedule#parse(String)}) by recursive descent, building
 * each node as soon as it is read, through the shapes' factories and constructors so that their
 * validation runs. Precedence, low to high: {@code then}, {@code *}, postfix {@code .method(..)}.
 * Public only for {@link Schedule#parse(String)}, which delegates here (internal: no compatibility
 * promise); call that:
 * <pre>{@code
 * Schedule lr = Schedule.parse("warmup(10) then cosine(tMax=90)");
 * }</pre>
 */
public final class ScheduleParser {

    /** How deeply brackets and schedule nodes may nest. */
    static final int MAX_DEPTH = 100;

    private final TextErrors errors;
    private final List<Token> tokens;
    private int pos;
    private int depth;

    private ScheduleParser(String text) {
        this.errors = new TextErrors(text);
        this.tokens = TextLexer.tokens(text);
    }

    /** What {@link Schedule#parse(String)} returns and throws. */
    public static Schedule parse(String text) {
        Objects.requireNonNull(text, "text");
        ScheduleParser p = new ScheduleParser(text);
        if (p.peek().kind() == Kind.END) {
            throw p.syntax(p.peek(), "a schedule");
        }
        TextValue value = p.expression();
        if (p.peek().kind() != Kind.END) {
            throw p.syntax(p.peek(), "'then', '*' or the end of the text");
        }
        return p.schedule(value, "");
    }

    // ---- grammar ----------------------------------------------------------------------------

    /** {@code product ("then" product)*}. */
    private TextValue expression() {
        TextValue first = product();
        TextValue result = first;
        if (peek().isName("then")) {
            Schedule acc = schedule(first, " before 'then'");
            int partsDepth = partsDepth(first);
            while (peek().isName("then")) {
                next();
                TextValue part = product();
                Schedule s = schedule(part, " after 'then'");
                partsDepth = Math.max(partsDepth, partsDepth(part));
                acc = acc.then(s);
                result = sched(acc, partsDepth + 1, true, first.start(), part.end());
            }
        }
        return result;
    }

    /** {@code postfix ("*" postfix)*}, left-associative; a number on the left scales. */
    private TextValue product() {
        TextValue left = postfix();
        while (peek().is("*")) {
            Token star = next();
            TextValue right = postfix();
            if (!(right instanceof Sched r)) {
                String hint = right instanceof Num ? " (a number goes on the left: 0.5 * s)" : "";
                throw errors.invalid(right, "a schedule after '*'" + hint);
            }
            if (left instanceof Num n) {
                left = sched(errors.build(n.start(), r.end(), () -> r.schedule().scale(n.value())), r.depth() + 1, n.start(), r.end());
            } else if (left instanceof Sched l) {
                left = sched(l.schedule().times(r.schedule()), Math.max(l.depth(), r.depth()) + 1, l.start(), r.end());
            } else {
                throw errors.invalid(left, "a schedule or a number before '" + star.text() + "'");
            }
        }
        return left;
    }

    /** {@code primary ("." name "(" arguments ")")*}. */
    private TextValue postfix() {
        TextValue value = primary();
        while (peek().is(".")) {
            next();
            String methods = "a method: " + String.join(", ", TextShapes.METHODS.keySet());
            Token name = expect(Kind.NAME, methods);
            TextShapes.Method method = TextShapes.METHODS.get(name.text());
            if (method == null) {
                throw syntax(name, methods);
            }
            if (!(value instanceof Sched receiver)) {
                throw errors.invalid(value, "a schedule before '." + name.text() + "'");
            }
            expectPunct("(");
            List<TextArgs.Arg> args = arguments(")");
            int end = tokens.get(pos - 1).end();
            TextArgs a = new TextArgs(errors, name.text(), receiver.start(), end, method.params(), args);
            value = sched(errors.build(receiver.start(), end, () -> method.apply(receiver, a)), receiver.depth() + 1,
                    receiver.start(), end);
        }
        return value;
    }

    /** A number, length, string, list, name, call or {@code (expression)}; the one place the parser recurses. */
    private TextValue primary() {
        if (++depth > MAX_DEPTH) {
            throw tooDeep(peek().start());
        }
        try {
            return atom();
        } finally {
            depth--;
        }
    }

    private TextValue atom() {
        Token t = peek();
        if (t.kind() == Kind.NUMBER) {
            next();
            return number(t, t.start(), "");
        }
        if (t.is("-")) {
            next();
            Token u = peek();
            if (u.kind() == Kind.NUMBER) {
                next();
                return number(u, t.start(), "-");
            }
            if (u.isName("inf") || u.isName("nan")) {
                next();
                return new Num("-" + u.text(), -namedNumber(u.text()), t.start(), u.end());
            }
            throw syntax(u, "a number after '-'");
        }
        if (t.kind() == Kind.STRING) {
            next();
            return new Str(t.value(), t.offsets(), t.start(), t.end());
        }
        if (t.is("(")) {
            next();
            TextValue inner = expression();
            expectPunct(")");
            return inner;
        }
        if (t.is("[")) {
            return list();
        }
        if (t.kind() == Kind.NAME && !t.text().equals("then")) {
            next();
            return switch (t.text()) {
                case "true", "True" -> new Bool(true, t.start(), t.end());
                case "false", "False" -> new Bool(false, t.start(), t.end());
                case "None", "null" -> new None(t.start(), t.end());
                case "inf", "nan" -> new Num(t.text(), namedNumber(t.text()), t.start(), t.end());
                default -> peek().is("(") ? call(t) : new Name(t.text(), t.start(), t.end());
            };
        }
        throw syntax(t, "a schedule or a value");
    }

    /** A number, or a length when {@code .epochs} or {@code .steps} follows. */
    private TextValue number(Token t, int start, String sign) {
        String written = sign + t.text();
        Num num = new Num(written, Double.parseDouble(written), start, t.end());
        if (!peek().is(".")) {
            return num;
        }
        next();
        Token unit = expect(Kind.NAME, "'epochs' or 'steps' after '" + written + ".'");
        if (!unit.isName("epochs") && !unit.isName("steps")) {
            throw syntax(unit, "'epochs' or 'steps' after '" + written + ".'");
        }
        Long amount = num.asLong();
        if (amount == null || amount < 0) {
            throw errors.at(start, errors.shown(start, t.end()), "a whole number >= 0",
                    "expected a whole number >= 0 of " + unit.text() + ", found " + errors.shown(start, t.end()));
        }
        Span span = unit.isName("epochs") ? Span.epochs(amount) : Span.steps(amount);
        return new SpanLit(span, start, unit.end());
    }

    private static double namedNumber(String name) {
        return name.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN;
    }

    /** {@code "[" [item ("," item)* [","]] "]"}, an item being a value or a point {@code at: factor}. */
    private TextValue list() {
        Token open = next();
        List<TextValue> items = new ArrayList<>();
        while (!peek().is("]")) {
            TextValue item = expression();
            if (peek().is(":")) {
                next();
                TextValue factor = expression();
                item = new PointOf(item, factor, item.start(), factor.end());
            }
            items.add(item);
            if (!peek().is("]")) {
                expectPunct(",", "']' or ','");
            }
        }
        Token close = next();
        return new ListOf(List.copyOf(items), open.start(), close.end());
    }

    /** {@code name "(" arguments ")"}: a shape, or a PyTorch-named scheduler when the name is capitalised. */
    private TextValue call(Token name) {
        next();
        if (name.isName("function") && peek().kind() != Kind.STRING && !peek().is(")")
                && !(peek().kind() == Kind.NAME && peekAfter().is("="))) {
            throw errors.at(peek().start(), errors.found(peek()), "a quoted expression in t",
                    "function(...) takes a quoted expression in t, e.g. function(\"0.95 ** t\"); a Java or Kotlin "
                            + "lambda (function(name)) has no text form");
        }
        List<TextArgs.Arg> args = arguments(")");
        int end = tokens.get(pos - 1).end();
        int argsDepth = 0;
        for (TextArgs.Arg arg : args) {
            argsDepth = Math.max(argsDepth, TextValue.depth(arg.value()));
        }
        Schedule s;
        if (Character.isUpperCase(name.text().charAt(0))) {
            s = TorchNames.create(errors, name, end, args);
        } else {
            TextShapes.Shape shape = TextShapes.SHAPES.get(name.text());
            if (shape == null) {
                throw errors.at(name.start(), errors.found(name), "a schedule name",
                        "unknown schedule '" + name.text() + "'; known: " + String.join(", ", TextShapes.SHAPES.keySet())
                                + ", and PyTorch's " + String.join(", ", TorchSchedulers.NAMES));
            }
            TextArgs a = new TextArgs(errors, name.text(), name.start(), end, shape.params(), args);
            s = errors.build(name.start(), end, () -> shape.build().apply(a));
        }
        return sched(s, argsDepth + 1, name.start(), end);
    }

    /**
     * {@code [arg ("," arg)* [","]] close}, an argument being {@code value} or {@code name=value}, a
     * value being a product: a {@code then} inside an argument needs parentheses.
     */
    private List<TextArgs.Arg> arguments(String close) {
        List<TextArgs.Arg> args = new ArrayList<>();
        while (!peek().is(close)) {
            if (peek().kind() == Kind.NAME && peekAfter().is("=")) {
                Token name = next();
                next();
                args.add(new TextArgs.Arg(name.text(), name.start(), product()));
            } else {
                TextValue value = product();
                args.add(new TextArgs.Arg(null, value.start(), value));
            }
            if (!peek().is(close)) {
                expectPunct(",", "'" + close + "' or ','");
            }
        }
        next();
        return args;
    }

    // ---- tokens -----------------------------------------------------------------------------

    private Token peek() {
        Token t = tokens.get(pos);
        if (t.kind() == Kind.ERROR) {
            throw errors.syntax(t.start(), t.text(), t.value());
        }
        return t;
    }

    private Token peekAfter() {
        return pos + 1 < tokens.size() ? tokens.get(pos + 1) : tokens.get(pos);
    }

    private Token next() {
        Token t = peek();
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private Token expect(Kind kind, String expected) {
        if (peek().kind() != kind) {
            throw syntax(peek(), expected);
        }
        return next();
    }

    private void expectPunct(String punct) {
        expectPunct(punct, "'" + punct + "'");
    }

    private void expectPunct(String punct, String expected) {
        if (!peek().is(punct)) {
            throw syntax(peek(), expected);
        }
        next();
    }

    // ---- values and errors ------------------------------------------------------------------

    private Sched sched(Schedule s, int nodeDepth, int start, int end) {
        return sched(s, nodeDepth, false, start, end);
    }

    private Sched sched(Schedule s, int nodeDepth, boolean chain, int start, int end) {
        if (nodeDepth > MAX_DEPTH) {
            throw tooDeep(start);
        }
        return new Sched(s, nodeDepth, chain, start, end);
    }

    /** A part's depth inside a {@code then} chain: a chain's parts join the chain ({@code then} flattens it). */
    private static int partsDepth(TextValue v) {
        Sched s = (Sched) v;
        return s.chain() ? s.depth() - 1 : s.depth();
    }

    private Schedule schedule(TextValue v, String where) {
        if (v instanceof Sched s) {
            return s.schedule();
        }
        throw errors.invalid(v, "a schedule" + where);
    }

    private ScheduleParseException syntax(Token t, String expected) {
        return errors.syntax(t, expected);
    }

    private ScheduleParseException tooDeep(int offset) {
        return errors.at(offset, "deeper nesting", "at most " + MAX_DEPTH + " levels",
                "nesting deeper than " + MAX_DEPTH + " levels (brackets, calls and operators)");
    }
}
