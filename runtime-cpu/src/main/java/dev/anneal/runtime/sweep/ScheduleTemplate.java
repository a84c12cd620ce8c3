package dev.anneal.runtime.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule text with named holes, {@code warmup({w}) then cosine(etaMin={eta})}: each
 * {@code {name}} is replaced by a value's text before the schedule is parsed.
 */
record ScheduleTemplate(String text, List<String> holes) {
    private static final Pattern HOLE = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Reads the holes of {@code text}, in order of first appearance. */
    static ScheduleTemplate of(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = HOLE.matcher(text);
        while (m.find()) {
            String name = m.group(1).trim();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("schedule '" + text + "': column " + (m.start() + 1)
                        + ": '{" + m.group(1) + "}' is not a hole name (letters, digits, _)");
            }
            names.add(name);
        }
        int stray = text.replaceAll(HOLE.pattern(), "").indexOf('{');
        if (stray >= 0 || text.replaceAll(HOLE.pattern(), "").indexOf('}') >= 0) {
            throw new IllegalArgumentException("schedule '" + text + "': a '{' or '}' that does not make a hole {name}");
        }
        return new ScheduleTemplate(text, List.copyOf(names));
    }

    /** The text with each hole replaced by its value in {@code values}. */
    String fill(Map<String, String> values) {
        Matcher m = HOLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1).trim())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every filling of the holes from {@code values}, the last hole varying fastest. */
    List<Map<String, String>> fillings(Map<String, List<String>> values) {
        List<Map<String, String>> all = new ArrayList<>();
        all.add(new java.util.LinkedHashMap<>());
        for (String hole : holes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : all) {
                for (String v : values.get(hole)) {
                    Map<String, String> m = new java.util.LinkedHashMap<>(partial);
                    m.put(hole, v);
                    next.add(m);
                }
            }
            all = next;
        }
        return all;
    }
}
