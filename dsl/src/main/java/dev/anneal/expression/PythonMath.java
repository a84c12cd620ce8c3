package dev.anneal.expression;

/**
 * Python's arithmetic and built-in functions, as an expression's tree evaluates them: true and
 * floor division and floored modulo that raise on zero as Python raises ZeroDivisionError, power,
 * comparisons as 1.0 or 0.0, {@code min max abs int float round} and {@code math}'s
 * {@code exp log sqrt cos sin floor ceil}.
 */
final class PythonMath {
    private PythonMath() {
    }

    /** {@code a / b}, true division. */
    static double div(double a, double b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return a / b;
    }

    /** {@code a % b}, floored: the sign of {@code b}. */
    static double mod(double a, double b) {
        if (b == 0) {
            throw new ArithmeticException("integer division or modulo by zero");
        }
        double r = a % b;
        if (r != 0 && (b < 0) != (r < 0)) {
            r += b;
        }
        return r;
    }

    /** {@code a // b}, floor division. */
    static double floorDiv(double a, double b) {
        if (b == 0) {
            throw new ArithmeticException("integer division or modulo by zero");
        }
        return Math.floor((a - mod(a, b)) / b + 0.0);
    }

    /** {@code a ** b}. */
    static double pow(double a, double b) {
        if (a == 0 && b < 0) {
            throw new ArithmeticException("0.0 cannot be raised to a negative power");
        }
        return Math.pow(a, b);
    }

    /** A comparison's result as a number: 1.0 or 0.0. */
    static double truth(boolean b) {
        return b ? 1.0 : 0.0;
    }

    /** {@code min(all...)} or {@code max(all...)}, of two or more values. */
    static Node minMax(boolean isMin, Node[] all) {
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

    /** The one-argument function {@code name} of {@code a}, or null when there is none of that name. */
    static Node function(String name, Node a) {
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
                return null;
        }
    }
}
