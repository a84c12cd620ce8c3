package dev.anneal.torch;

import dev.anneal.expression.Expression;
import dev.anneal.expression.ExpressionException;
import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * PyTorch's {@code MultiplicativeLR(optimizer, lr_lambda, last_epoch=-1)}: at each step the lr is
 * multiplied by {@code lr_lambda(e)} (not at construction), the lambda a Python expression in
 * {@code epoch}. A constant lambda ({@code "0.95"}) evaluates in closed form. An epoch-dependent one has
 * no closed form: its running product is tabulated when the graph is compiled, over the clock's total
 * steps ({@code Clock.totalSteps}), and beyond that the graph multiplies the remaining factors in a
 * loop (allocation-free, linear in the distance).
 * <pre>{@code
 * MultiplicativeLR s = new MultiplicativeLR("0.95");   // MultiplicativeLR(lr_lambda="0.95")
 * s.compile().lr(2, 0.1);                              // 0.09025
 * }</pre>
 *
 * @param lr_lambda  the factor as an expression in {@code epoch}
 * @param last_epoch -1 for a fresh start; {@code L >= 0} resumes from the group's lr at epoch {@code L + 1}
 */
public record MultiplicativeLR(Expression lr_lambda, long last_epoch) implements TorchScheduler {

    /** Checks the lambda's variable and the construction step. */
    public MultiplicativeLR {
        Objects.requireNonNull(lr_lambda, "lr_lambda");
        LambdaLR.requireEpoch("MultiplicativeLR", lr_lambda);
        Groups.checkLastEpoch("MultiplicativeLR", last_epoch);
        new Rule(lr_lambda, last_epoch).checkConstruction();
    }

    /** {@code MultiplicativeLR(lr_lambda)} from the Python expression in {@code epoch}. */
    public MultiplicativeLR(String lr_lambda) {
        this(Expression.parse(lr_lambda, "epoch"), -1);
    }

    @Override
    public Curve curve(Frame frame) {
        Rule rule = new Rule(lr_lambda, last_epoch);
        if (rule.multiplicative()) {
            return rule.standalone();
        }
        long e0 = last_epoch + 1;
        return Table.curve(new Table.Recursion() {
            @Override
            public double start(double base) {
                return rule.construct(base, base);
            }

            @Override
            public double step(double lr, long t, double base) {
                return rule.step(lr, e0 + t, base);
            }
        }, frame.clock().totalSteps());
    }

    Recurrence recurrence() {
        return new Rule(lr_lambda, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("MultiplicativeLR").arg("lr_lambda", lr_lambda.source()).arg("last_epoch", last_epoch, -1)
                .toString();
    }

    private static final class Rule extends Recurrence {
        private final Expression f;
        private final boolean constant;

        Rule(Expression f, long lastEpoch) {
            super(lastEpoch);
            this.f = f;
            this.constant = isConstant(f);
        }

        private static boolean isConstant(Expression f) {
            try {
                Expression.parse(f.source(), "epoch_is_not_used");
                return true;
            } catch (ExpressionException e) {
                return false;
            }
        }

        @Override
        double step(double lr, long e, double b) {
            return e > 0 ? lr * Py.call(f, e) : lr;
        }

        @Override
        double restart(double lr, double b) {
            return lr;
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            if (!constant || e <= e0) {
                return super.run(lr, e0, e, b);
            }
            return lr * Math.pow(Py.call(f, e), e - e0);
        }

        @Override
        boolean multiplicative() {
            return constant;
        }

        @Override
        long firstFailure(long e0, long e) {
            if (e <= e0) {
                return Long.MAX_VALUE;
            }
            try {
                Py.call(f, e);
                return Long.MAX_VALUE;
            } catch (TorchSchedulerException x) {
                return e0 + 1;
            }
        }
    }
}
