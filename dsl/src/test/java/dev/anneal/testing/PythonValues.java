package dev.anneal.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON values as Python sees them, as the parity cases hold them; for the tests of every module (dsl's test jar). */
public final class PythonValues {
    private PythonValues() {
    }

    /** {@code v} as Python sees it: int to Long, float to Double, list to List, object to Map (in order), null to null. */
    public static Object of(JsonNode v) {
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
            v.forEach(x -> out.add(of(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), of(e.getValue())));
        return out;
    }
}
