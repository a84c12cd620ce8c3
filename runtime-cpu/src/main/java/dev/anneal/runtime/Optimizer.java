package dev.anneal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which update rule trains the network, with PyTorch's formulas and defaults: SGD (momentum,
 * dampening, Nesterov, weight decay added to the gradient), Adam (weight decay added to the
 * gradient) and AdamW (decoupled weight decay). Immutable; the values are the default param group's,
 * other {@link ParamGroup}s override them.
 *
 * <pre>{@code
 * Optimizer sgd = Optimizer.sgd(0.1).momentum(0.9).nesterov(true);
 * Optimizer adamW = Optimizer.adamW(1e-3).weightDecay(0.05).group(ParamGroup.biases().weightDecay(0.0));
 * }</pre>
 *
 * @param kind        the update rule
 * @param lr          base learning rate
 * @param momentum    SGD's momentum, or Adam's beta1
 * @param dampening   SGD's dampening
 * @param nesterov    SGD's Nesterov momentum
 * @param beta2       Adam's beta2
 * @param eps         Adam's epsilon
 * @param weightDecay weight decay
 * @param groups      param groups with their own settings
 */
public record Optimizer(Kind kind, double lr, double momentum, double dampening, boolean nesterov, double beta2,
                        double eps, double weightDecay, List<ParamGroup> groups) {

    /** The update rules. */
    public enum Kind {
        /** {@code torch.optim.SGD}. */
        SGD,
        /** {@code torch.optim.Adam}. */
        ADAM,
        /** {@code torch.optim.AdamW}. */
        ADAMW
    }

    /** Checks the values and copies the groups. */
    public Optimizer {
        Objects.requireNonNull(kind, "kind");
        groups = List.copyOf(groups);
        String node = kind.name().toLowerCase(java.util.Locale.ROOT);
        check(node, "lr", lr);
        check(node, "weightDecay", weightDecay);
        check(node, "eps", eps);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(node + ": " + (kind == Kind.SGD ? "momentum" : "beta1")
                    + " must be in [0, 1), got " + momentum);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(node + ": beta2 must be in [0, 1), got " + beta2);
        }
        if (!(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException(node + ": dampening must be in [0, 1], got " + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException(node + ": Nesterov momentum requires momentum > 0 and dampening 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
    }

    static void check(String node, String name, Double value) {
        if (value != null && !(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(node + ": " + name + " must be finite and >= 0, got " + value);
        }
    }

    /** SGD with learning rate {@code lr}, no momentum, no weight decay. */
    public static Optimizer sgd(double lr) {
        return new Optimizer(Kind.SGD, lr, 0, 0, false, 0.999, 1e-8, 0, List.of());
    }

    /** Adam with learning rate {@code lr}, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Optimizer adam(double lr) {
        return new Optimizer(Kind.ADAM, lr, 0.9, 0, false, 0.999, 1e-8, 0, List.of());
    }

    /** AdamW with learning rate {@code lr}, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static Optimizer adamW(double lr) {
        return new Optimizer(Kind.ADAMW, lr, 0.9, 0, false, 0.999, 1e-8, 0.01, List.of());
    }

    /** Same, with SGD momentum {@code momentum}. */
    public Optimizer momentum(double momentum) {
        return new Optimizer(kind, lr, momentum, dampening, nesterov, beta2, eps, weightDecay, groups);
    }

    /** Same, with SGD dampening. */
    public Optimizer dampening(double dampening) {
        return new Optimizer(kind, lr, momentum, dampening, nesterov, beta2, eps, weightDecay, groups);
    }

    /** Same, with or without Nesterov momentum (SGD). */
    public Optimizer nesterov(boolean nesterov) {
        return new Optimizer(kind, lr, momentum, dampening, nesterov, beta2, eps, weightDecay, groups);
    }

    /** Same, with Adam's betas. */
    public Optimizer betas(double beta1, double beta2) {
        return new Optimizer(kind, lr, beta1, dampening, nesterov, beta2, eps, weightDecay, groups);
    }

    /** Same, with Adam's epsilon. */
    public Optimizer eps(double eps) {
        return new Optimizer(kind, lr, momentum, dampening, nesterov, beta2, eps, weightDecay, groups);
    }

    /** Same, with weight decay. */
    public Optimizer weightDecay(double weightDecay) {
        return new Optimizer(kind, lr, momentum, dampening, nesterov, beta2, eps, weightDecay, groups);
    }

    /** Same, with one more param group (earlier groups take a parameter first). */
    public Optimizer group(ParamGroup group) {
        List<ParamGroup> more = new ArrayList<>(groups);
        more.add(group);
        return new Optimizer(kind, lr, momentum, dampening, nesterov, beta2, eps, weightDecay, more);
    }
}
