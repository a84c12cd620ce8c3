package dev.anneal.torch;

import dev.anneal.ScheduleException;
import dev.anneal.expression.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scheduler's keyword arguments as Java values (Long, Double, Boolean, String, null, List, Map,
 * Schedule), checked against the class's signature as Python binds them: an unexpected keyword, then
 * missing required arguments, raise Python's {@code TypeError}.
 */
final class Kwargs {
    private final String cls;
    private final Map<String, Object> map;

    Kwargs(String cls, Map<String, Object> map, List<String> params, List<String> required) {
        this.cls = cls;
        this.map = map == null ? Map.of() : map;
        for (String key : this.map.keySet()) {
            if (!params.contains(key)) {
                throw new TorchSchedulerException("TypeError", cls + ".__init__() got an unexpected keyword argument '"
                        + key + "'", cls + " takes " + String.join(", ", params));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : required) {
            if (!this.map.containsKey(name)) {
                missing.add("'" + name + "'");
            }
        }
        if (!missing.isEmpty()) {
            String names = missing.size() == 1 ? missing.get(0)
                    : missing.size() == 2 ? missing.get(0) + " and " + missing.get(1)
                    : String.join(", ", missing.subList(0, missing.size() - 1)) + ", and " + missing.get(missing.size() - 1);
            throw new TorchSchedulerException("TypeError", cls + ".__init__() missing " + missing.size() + " required "
                    + "positional argument" + (missing.size() == 1 ? "" : "s") + ": " + names);
        }
    }

    boolean has(String name) {
        return map.containsKey(name) && map.get(name) != null;
    }

    Object raw(String name) {
        return map.get(name);
    }

    private ScheduleException wrong(String name, String expected) {
        return new ScheduleException(cls + ": " + name + " must be " + expected + ", got " + Text.format(map.get(name)));
    }

    /** A float argument (ints accepted, as in Python). */
    double number(String name, double byDefault) {
        return map.containsKey(name) ? number(name, map.get(name)) : byDefault;
    }

    double number(String name, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return d;
        }
        throw new ScheduleException(cls + ": " + name + " must be a number, got " + Text.format(v));
    }

    /** A float argument that may be None. */
    Double optNumber(String name, Double byDefault) {
        return !map.containsKey(name) ? byDefault : map.get(name) == null ? null : number(name, map.get(name));
    }

    /** An int argument; an integral float is taken as the int (Anneal counts epochs in whole numbers). */
    long integer(String name, long byDefault) {
        return map.containsKey(name) ? integer(name, map.get(name)) : byDefault;
    }

    long integer(String name, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e18) {
            return d.longValue();
        }
        throw new ScheduleException(cls + ": " + name + " must be an integer, got " + Text.format(v));
    }

    /** An int argument that PyTorch checks with {@code isinstance(v, int)}; null when None or absent. */
    Long strictInt(String name, String message) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double) {
            throw Py.valueError(message + Py.str(v));
        }
        throw wrong(name, "an integer");
    }

    String string(String name, String byDefault) {
        if (!map.containsKey(name)) {
            return byDefault;
        }
        if (map.get(name) instanceof String s) {
            return s;
        }
        throw wrong(name, "a string");
    }

    boolean bool(String name, boolean byDefault) {
        if (!map.containsKey(name)) {
            return byDefault;
        }
        if (map.get(name) instanceof Boolean b) {
            return b;
        }
        throw wrong(name, "True or False");
    }

    List<?> list(String name) {
        if (map.get(name) instanceof List<?> list) {
            return list;
        }
        throw wrong(name, "a list");
    }

    List<Long> integers(String name) {
        List<Long> out = new ArrayList<>();
        for (Object v : list(name)) {
            out.add(integer(name, v));
        }
        return out;
    }

    /** A Python expression in {@code variable}, given as a string. */
    Expression expression(String name, Object v, String variable) {
        if (v instanceof Expression e) {
            return e;
        }
        if (v instanceof String s) {
            return Expression.parse(s, variable);
        }
        throw new ScheduleException(cls + ": " + name + " must be a Python expression in '" + variable
                + "' as a string, got " + Text.format(v));
    }

    /**
     * One value per param group: a list must have {@code groups} entries (else PyTorch's ValueError,
     * {@code message} formatted with the group count and the list's length), a single value is shared.
     */
    List<Object> perGroup(String name, int groups, String message) {
        Object v = map.get(name);
        List<Object> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            if (list.size() != groups) {
                throw Py.valueError(String.format(message, groups, list.size()));
            }
            out.addAll(list);
        } else {
            for (int g = 0; g < groups; g++) {
                out.add(v);
            }
        }
        return out;
    }
}
