package dev.anneal.text;

/**
 * How the text form writes values, for code that prints schedules of its own (the PyTorch-named
 * schedulers, tools that show parameters):
 * <pre>{@code
 * TextForm.number(1e-6);   // "1e-6"
 * TextForm.number(90.0);   // "90.0"
 * }</pre>
 */
public final class TextForm {
    private TextForm() {
    }

    /** A double as text that reads back to the same value: {@code 0.1}, {@code 1e-6}, {@code 90.0}, {@code inf}, {@code nan}. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + "e" + s.substring(e + 1);
    }
}
