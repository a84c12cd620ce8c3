package dev.anneal.torch;

import dev.anneal.expression.Expression;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** Python's view of values and errors: {@code str()} of arguments, and the exceptions PyTorch raises. */
final class Py {
    private Py() {
    }

    static TorchSchedulerException valueError(String message) {
        return new TorchSchedulerException("ValueError", message);
    }

    static TorchSchedulerException typeError(String message) {
        return new TorchSchedulerException("TypeError", message);
    }

    static TorchSchedulerException zeroDivision(String message) {
        return new TorchSchedulerException("ZeroDivisionError", message);
    }

    /** {@code a / b} for Python floats. */
    static double div(double a, double b) {
        if (b == 0) {
            throw zeroDivision("float division by zero");
        }
        return a / b;
    }

    /** {@code a ** b} for Python floats ({@code 0.0 ** negative} raises). */
    static double pow(double a, double b) {
        if (a == 0 && b < 0) {
            throw zeroDivision("0.0 cannot be raised to a negative power");
        }
        return Math.pow(a, b);
    }

    /** A float literal ({@code 0.5}, {@code 1e-3}, {@code 2.}) or a float function ({@code math.cos}). */
    private static final Pattern FLOAT = Pattern.compile("\\d\\.|\\.\\d|\\d[eE][-+]?\\d|math\\.|float\\(");

    /**
     * A user function (lr_lambda, scale_fn) at {@code x}, raising Python's ZeroDivisionError. Python's
     * message depends on the operands' types, which the expression does not keep: the variable is an
     * int (PyTorch passes the epoch or the cycle), and the operands count as floats when the expression
     * has a float literal.
     */
    static double call(Expression f, double x) {
        try {
            return f.eval(x);
        } catch (ArithmeticException e) {
            String src = f.source();
            boolean floats = FLOAT.matcher(src).find();
            String message = e.getMessage();
            if (message.equals("division by zero")) {
                message = floats ? "float division by zero" : message;
            } else if (message.startsWith("integer division or modulo")) {
                boolean modulo = src.contains("%") && !src.contains("//");
                message = modulo ? (floats ? "float modulo" : "integer modulo by zero")
                        : floats ? "float floor division by zero" : message;
            }
            throw zeroDivision(message);
        }
    }

    /** Python's {@code str(value)} for keyword-argument values (Long, Double, Boolean, String, null, List). */
    static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return repr(d);
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                Object v = list.get(i);
                sb.append(v instanceof String s ? "'" + s + "'" : str(v));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }

    /** Python's {@code repr(float)}: {@code 2.5}, {@code 10.0}, {@code 1e-05}, {@code 1e+16}, {@code inf}. */
    static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = d.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
