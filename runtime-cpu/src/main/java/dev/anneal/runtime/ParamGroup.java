package dev.anneal.runtime;

import dev.anneal.Schedule;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Parameters of a network that share optimizer settings, as PyTorch's param groups do: each group has
 * its own base learning rate, momentum ({@code beta1} for Adam) and weight decay (unset values come
 * from the {@link Optimizer}) and may have its own schedules. A parameter belongs to the first group
 * that selects it; the rest form the group {@code default}.
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.sgd(0.1).momentum(0.9).weightDecay(5e-4)
 *         .group(ParamGroup.biases().weightDecay(0.0));
 * }</pre>
 *
 * @param name        the group's name in history and checkpoints
 * @param selector    which parameters it takes
 * @param lr          base learning rate, or null for the optimizer's
 * @param momentum    momentum / beta1, or null for the optimizer's
 * @param weightDecay weight decay, or null for the optimizer's
 * @param schedules   schedules of this group, overriding the trainer's for the same hyperparameter
 */
public record ParamGroup(String name, Predicate<Parameter> selector, Double lr, Double momentum, Double weightDecay,
                         Map<Hyperparameter, Schedule> schedules) {

    /** Checks the values and copies the schedules. */
    public ParamGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(selector, "selector");
        schedules = Map.copyOf(schedules);
        Optimizer.check(name, "lr", lr);
        Optimizer.check(name, "weightDecay", weightDecay);
        if (momentum != null && !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("param group " + name + ": momentum must be in [0, 1), got " + momentum);
        }
    }

    /** A group named {@code name} of the parameters {@code selector} accepts. */
    public static ParamGroup of(String name, Predicate<Parameter> selector) {
        return new ParamGroup(name, selector, null, null, null, Map.of());
    }

    /** The biases of every layer (the usual group without weight decay). */
    public static ParamGroup biases() {
        return of("biases", Parameter::isBias);
    }

    /** The weight matrices of every layer. */
    public static ParamGroup weights() {
        return of("weights", p -> !p.isBias());
    }

    /** Same, with base learning rate {@code lr}. */
    public ParamGroup lr(double lr) {
        return new ParamGroup(name, selector, lr, momentum, weightDecay, schedules);
    }

    /** Same, with momentum (SGD) or beta1 (Adam) {@code momentum}. */
    public ParamGroup momentum(double momentum) {
        return new ParamGroup(name, selector, lr, momentum, weightDecay, schedules);
    }

    /** Same, with weight decay {@code weightDecay}. */
    public ParamGroup weightDecay(double weightDecay) {
        return new ParamGroup(name, selector, lr, momentum, weightDecay, schedules);
    }

    /** Same, with {@code schedule} driving this group's {@code what}. */
    public ParamGroup schedule(Hyperparameter what, Schedule schedule) {
        Map<Hyperparameter, Schedule> more = new EnumMap<>(Hyperparameter.class);
        more.putAll(schedules);
        more.put(what, schedule);
        return new ParamGroup(name, selector, lr, momentum, weightDecay, more);
    }
}
