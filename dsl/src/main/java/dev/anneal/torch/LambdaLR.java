package dev.anneal.torch;

import dev.anneal.ScheduleException;
import dev.anneal.expression.Expression;
import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * PyTorch's {@code LambdaLR(optimizer, lr_lambda, last_epoch=-1)}: {@code lr = base * lr_lambda(e)},
 * the lambda a Python expression in {@code epoch} ({@code "0.95 ** epoch"}, {@code "epoch // 3"},
 * {@code "min(1.0, (epoch + 1) / 5)"}). The base is the group's {@code initial_lr}. A lambda that
 * divides by zero raises {@code ZeroDivisionError} at that epoch (at construction for epoch 0).
 * <pre>{@code
 * LambdaLR s = new LambdaLR("0.95 ** epoch");   // LambdaLR(lr_lambda="0.95 ** epoch")
 * s.compile().lr(2, 0.1);                       // 0.09025
 * }</pre>
 *
 * @param lr_lambda  the factor as an expression in {@code epoch}
 * @param last_epoch -1 for a fresh start; {@code L >= 0} resumes at epoch {@code L + 1}
 */
public record LambdaLR(Expression lr_lambda, long last_epoch) implements TorchScheduler {

    /** Checks the lambda's variable and the construction step. */
    public LambdaLR {
        Objects.requireNonNull(lr_lambda, "lr_lambda");
        requireEpoch("LambdaLR", lr_lambda);
        Groups.checkLastEpoch("LambdaLR", last_epoch);
        new Rule(lr_lambda, last_epoch).checkConstruction();
    }

    /** {@code LambdaLR(lr_lambda)} from the Python expression in {@code epoch}. */
    public LambdaLR(String lr_lambda) {
        this(Expression.parse(lr_lambda, "epoch"), -1);
    }

    static void requireEpoch(String scheduler, Expression f) {
        if (!f.variable().equals("epoch")) {
            throw new ScheduleException(scheduler + ": lr_lambda must be an expression in 'epoch', got one in '"
                    + f.variable() + "'");
        }
    }

    @Override
    public double base(int group, double lr, Double initialLr) {
        return Groups.initialLr(this, group, lr, initialLr);
    }

    @Override
    public Curve curve(Frame frame) {
        return recurrence().standalone();
    }

    Recurrence recurrence() {
        return new Rule(lr_lambda, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("LambdaLR").arg("lr_lambda", lr_lambda.source()).arg("last_epoch", last_epoch, -1).toString();
    }

    private static final class Rule extends Recurrence {
        private final Expression f;

        Rule(Expression f, long lastEpoch) {
            super(lastEpoch);
            this.f = f;
        }

        @Override
        double step(double lr, long e, double b) {
            return b * Py.call(f, e);
        }

        @Override
        double restart(double lr, double b) {
            return step(lr, 0, b);
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            return e <= e0 ? lr : step(lr, e, b);
        }
    }
}
