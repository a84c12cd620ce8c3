package dev.anneal.samples.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a parity file (format: {@code shared/parity/README.md}), with {@code params} as the Java
 * values {@code TorchSchedulers.create} takes: ints as Long, floats as Double, lists, maps.
 */
record ParityCase(String id, String scheduler, Map<String, Object> params, String optimizer, double momentum,
                  List<Double> baseLrs, List<Double> initialLrs, int steps, List<Double> metrics,
                  List<List<Double>> lrs, List<List<Double>> momentums, ExpectedError error) {

    /** {@code {"type", "message", "at_step"}}. */
    record ExpectedError(String type, String message, int atStep) {
    }

    /** Reads a case; throws IllegalArgumentException naming the field that is missing or malformed. */
    static ParityCase of(JsonNode n) {
        String id = text(n, "id");
        JsonNode opt = required(n, "optimizer");
        JsonNode err = n.get("error");
        ExpectedError error = err == null || err.isNull() ? null
                : new ExpectedError(text(err, "type"), text(err, "message"), required(err, "at_step").asInt());
        JsonNode params = n.get("params");
        @SuppressWarnings("unchecked")
        Map<String, Object> kwargs = params == null ? new LinkedHashMap<>() : (Map<String, Object>) value(params);
        return new ParityCase(id, text(n, "scheduler"), kwargs, text(opt, "type"),
                opt.has("momentum") ? opt.get("momentum").asDouble() : 0.0, numbers(required(n, "base_lrs")),
                n.hasNonNull("initial_lrs") ? numbers(n.get("initial_lrs")) : null, required(n, "steps").asInt(),
                n.hasNonNull("metrics") ? numbers(n.get("metrics")) : List.of(), table(required(n, "lrs")),
                n.hasNonNull("momentums") ? table(n.get("momentums")) : null, error);
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string, got " + v);
        }
        return v.asText();
    }

    private static List<Double> numbers(JsonNode n) {
        if (!n.isArray()) {
            throw new IllegalArgumentException("expected a list of numbers, got " + n);
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isNumber()) {
                throw new IllegalArgumentException("expected a number, got " + v);
            }
            out.add(v.asDouble());
        }
        return out;
    }

    private static List<List<Double>> table(JsonNode n) {
        if (!n.isArray()) {
            throw new IllegalArgumentException("expected a list of lists, got " + n);
        }
        List<List<Double>> out = new ArrayList<>();
        for (JsonNode row : n) {
            out.add(numbers(row));
        }
        return out;
    }

    /** A JSON value as Python sees it: int -> Long, float -> Double, list -> List, object -> Map. */
    static Object value(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(value(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }
}
