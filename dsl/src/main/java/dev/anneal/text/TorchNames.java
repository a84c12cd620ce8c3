package dev.anneal.text;

import dev.anneal.Schedule;
import dev.anneal.text.TextLexer.Token;
import dev.anneal.text.TextValue.Bool;
import dev.anneal.text.TextValue.ListOf;
import dev.anneal.text.TextValue.None;
import dev.anneal.text.TextValue.Num;
import dev.anneal.text.TextValue.Sched;
import dev.anneal.text.TextValue.Str;
import dev.anneal.torch.TorchSchedulers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch-named schedulers in the text, {@code CosineAnnealingLR(T_max=10)}: a capitalised name
 * with keyword arguments, passed to {@link TorchSchedulers#create(String, Map)} as plain Java values
 * (Long for whole numbers, Double, Boolean, String, null for None, List, Schedule).
 */
final class TorchNames {
    private TorchNames() {
    }

    static Schedule create(TextErrors errors, Token name, int end, List<TextArgs.Arg> args) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (TextArgs.Arg arg : args) {
            TextValue v = arg.value();
            if (arg.name() == null) {
                throw errors.at(v.start(), errors.shown(v.start(), v.end()), "a keyword argument (name=value)",
                        name.text() + " takes keyword arguments, as in PyTorch: e.g. StepLR(step_size=30, gamma=0.5)");
            }
            if (kwargs.containsKey(arg.name())) {
                throw errors.at(arg.nameStart(), "'" + arg.name() + "'", "each parameter once",
                        name.text() + ": " + arg.name() + " is given twice");
            }
            kwargs.put(arg.name(), plain(errors, name.text(), arg.name(), v));
        }
        return errors.build(name.start(), end, () -> TorchSchedulers.create(name.text(), kwargs));
    }

    private static Object plain(TextErrors errors, String node, String param, TextValue v) {
        if (v instanceof Num n) {
            if (!n.whole()) {
                return n.value();
            }
            Long whole = n.asLong();
            if (whole == null) {
                throw errors.invalid(node, param, v, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
            }
            return whole;
        }
        if (v instanceof Str s) {
            return s.value();
        }
        if (v instanceof Bool b) {
            return b.value();
        }
        if (v instanceof None) {
            return null;
        }
        if (v instanceof Sched s) {
            return s.schedule();
        }
        if (v instanceof ListOf list) {
            List<Object> items = new ArrayList<>();
            for (TextValue item : list.items()) {
                items.add(plain(errors, node, param, item));
            }
            return Collections.unmodifiableList(items);
        }
        throw errors.invalid(node, param, v, "a number, a quoted string, True, False, None, a list or a schedule");
    }

}
