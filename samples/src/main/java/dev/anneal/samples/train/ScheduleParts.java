package dev.anneal.samples.train;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a schedule written {@code a then b then c}, with the step each starts at, so that a
 * note can name the part that made a learning-rate event ("cosine minimum"). The parts are found in
 * the schedule's text form (split at the {@code then}s outside brackets and quotes, each part read
 * back with {@link Schedule#parse}), and kept only if they rebuild the schedule exactly. A part's name
 * is the name of the call it starts with ({@code cosine}, {@code CosineAnnealingLR}), or null when it
 * starts otherwise (a bracket, a number).
 */
final class ScheduleParts {
    private final long[] starts;
    private final String[] names;

    private ScheduleParts(long[] starts, String[] names) {
        this.starts = starts;
        this.names = names;
    }

    /** The parts of {@code schedule} on {@code clock} (a single part when it is not a sequence). */
    static ScheduleParts of(Schedule schedule, Clock clock) {
        String text = schedule.toString();
        List<String> texts = split(text);
        if (texts.size() > 1) {
            try {
                List<Schedule> parts = new ArrayList<>();
                for (String t : texts) {
                    parts.add(Schedule.parse(t));
                }
                Schedule rebuilt = parts.getFirst();
                for (Schedule p : parts.subList(1, parts.size())) {
                    rebuilt = rebuilt.then(p);
                }
                if (rebuilt.equals(schedule)) {
                    return new ScheduleParts(starts(parts, clock), texts.stream().map(ScheduleParts::name)
                            .toArray(String[]::new));
                }
            } catch (ScheduleException | ArithmeticException e) {
                // not a plain sequence: described as one part below
            }
        }
        return new ScheduleParts(new long[] {0}, new String[] {name(text)});
    }

    /** The name of the part that runs at {@code step}, or null. */
    String nameAt(long step) {
        int i = starts.length - 1;
        while (i > 0 && starts[i] > step) {
            i--;
        }
        return names[i];
    }

    private static long[] starts(List<Schedule> parts, Clock clock) {
        long[] out = new long[parts.size()];
        for (int i = 1; i < out.length; i++) {
            Span d = parts.get(i - 1).duration();
            long steps = d.unit() == Span.Unit.EPOCHS ? Math.multiplyExact(d.amount(), clock.stepsPerEpoch()) : d.amount();
            out[i] = Math.addExact(out[i - 1], steps);
        }
        return out;
    }

    /** The text split at each {@code then} outside brackets and string literals. */
    static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (depth == 0 && text.startsWith(" then ", i)) {
                parts.add(text.substring(from, i).strip());
                from = i + " then ".length();
                i = from - 1;
            }
        }
        parts.add(text.substring(from).strip());
        return parts;
    }

    /** The identifier a part's text starts with when a call follows it, else null. */
    static String name(String part) {
        int end = 0;
        while (end < part.length() && (Character.isLetterOrDigit(part.charAt(end)) || part.charAt(end) == '_')) {
            end++;
        }
        boolean call = end > 0 && Character.isLetter(part.charAt(0)) && end < part.length() && part.charAt(end) == '(';
        return call ? part.substring(0, end) : null;
    }
}
