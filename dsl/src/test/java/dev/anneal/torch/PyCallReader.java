package dev.anneal.torch;

import dev.anneal.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the text form of a PyTorch scheduler back the way the text parser hands it to
 * {@link TorchSchedulers#create}: ints as Long, floats as Double, strings, True/False/None, lists,
 * nested calls as schedules. Test support for the round-trip property.
 */
final class PyCallReader {
    private final String s;
    private int i;

    private PyCallReader(String s) {
        this.s = s;
    }

    static Schedule read(String text) {
        PyCallReader r = new PyCallReader(text);
        Schedule out = r.call();
        if (r.i != text.length()) {
            throw new IllegalArgumentException("trailing text at " + r.i + " in " + text);
        }
        return out;
    }

    private Schedule call() {
        int start = i;
        while (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_') {
            i++;
        }
        String name = s.substring(start, i);
        expect('(');
        Map<String, Object> kwargs = new LinkedHashMap<>();
        while (s.charAt(i) != ')') {
            int k = i;
            while (s.charAt(i) != '=') {
                i++;
            }
            String key = s.substring(k, i);
            i++;
            kwargs.put(key, value());
            if (s.startsWith(", ", i)) {
                i += 2;
            }
        }
        expect(')');
        return TorchSchedulers.create(name, kwargs);
    }

    private Object value() {
        char c = s.charAt(i);
        if (c == '"') {
            StringBuilder sb = new StringBuilder();
            i++;
            while (s.charAt(i) != '"') {
                if (s.charAt(i) == '\\') {
                    i++;
                }
                sb.append(s.charAt(i++));
            }
            i++;
            return sb.toString();
        }
        if (c == '[') {
            i++;
            List<Object> list = new ArrayList<>();
            while (s.charAt(i) != ']') {
                list.add(value());
                if (s.startsWith(", ", i)) {
                    i += 2;
                }
            }
            i++;
            return list;
        }
        for (String word : new String[] {"True", "False", "None"}) {
            if (s.startsWith(word, i)) {
                i += word.length();
                return word.equals("None") ? null : word.equals("True");
            }
        }
        if (Character.isUpperCase(c)) {
            return call();
        }
        int start = i;
        while (i < s.length() && ",)]".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String num = s.substring(start, i);
        if (num.equals("inf") || num.equals("-inf")) {
            return num.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return num.matches("-?\\d+") ? (Object) Long.parseLong(num) : (Object) Double.parseDouble(num);
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
        }
        i++;
    }
}
