package dev.anneal.torch;

import dev.anneal.text.TextForm;

import java.util.List;
import java.util.Objects;

/** The text form of a PyTorch scheduler: a Python-style call with PyTorch's names, defaults left out. */
final class Text {
    private final StringBuilder text;
    private boolean empty = true;

    Text(String name) {
        text = new StringBuilder(name).append('(');
    }

    /** {@code name=value}, always. */
    Text arg(String name, Object value) {
        text.append(empty ? "" : ", ").append(name).append('=').append(format(value));
        empty = false;
        return this;
    }

    Text arg(String name, double value, double byDefault) {
        return Double.compare(value, byDefault) == 0 ? this : arg(name, value);
    }

    Text arg(String name, long value, long byDefault) {
        return value == byDefault ? this : arg(name, value);
    }

    Text arg(String name, boolean value, boolean byDefault) {
        return value == byDefault ? this : arg(name, value);
    }

    Text arg(String name, Object value, Object byDefault) {
        return Objects.equals(value, byDefault) ? this : arg(name, value);
    }

    /** A count PyTorch takes as a float: integral values print as integers ({@code step_size_up=4}). */
    Text count(String name, Double value, Double byDefault) {
        if (Objects.equals(value, byDefault)) {
            return this;
        }
        return value != null && value == Math.rint(value) && Math.abs(value) < 1e15 ? arg(name, value.longValue())
                : arg(name, value);
    }

    @Override
    public String toString() {
        return text + ")";
    }

    static String format(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return num(d);
        }
        if (value instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(format(list.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }

    /** A double as the core's text form writes it: {@code 0.1}, {@code 1e-6}, {@code 90.0}, {@code inf}. */
    static String num(double v) {
        return TextForm.number(v);
    }
}
