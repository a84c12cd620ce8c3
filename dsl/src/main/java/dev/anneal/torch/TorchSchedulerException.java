package dev.anneal.torch;

import dev.anneal.ScheduleException;

/**
 * An error PyTorch's {@code torch.optim.lr_scheduler} raises for the same configuration at the same
 * moment: while a scheduler is constructed (the record constructor or {@link TorchSchedulers#create}
 * throws it) or at the k-th {@code step()} (the compiled graph throws it when evaluated at time k).
 * It carries Python's exception type ({@code ValueError}, {@code ZeroDivisionError},
 * {@code KeyError}, {@code TypeError}, {@code AttributeError}) and PyTorch's message.
 * <pre>{@code
 * try {
 *     new ConstantLR(1.5, 5).compile();
 * } catch (TorchSchedulerException e) {
 *     e.pythonType();     // "ValueError"
 *     e.pythonMessage();  // "Constant multiplicative factor expected to be between 0 and 1."
 * }
 * }</pre>
 */
public final class TorchSchedulerException extends ScheduleException {
    private static final long serialVersionUID = 1L;

    private final String pythonType;
    private final String pythonMessage;

    /** An error of Python type {@code pythonType} with PyTorch's message {@code pythonMessage}. */
    public TorchSchedulerException(String pythonType, String pythonMessage) {
        this(pythonType, pythonMessage, null);
    }

    /** The same, with {@code detail} (valid choices, the scheduler) added to {@link #getMessage()} only. */
    public TorchSchedulerException(String pythonType, String pythonMessage, String detail) {
        super(pythonType + ": " + pythonMessage + (detail == null ? "" : " (" + detail + ")"));
        this.pythonType = pythonType;
        this.pythonMessage = pythonMessage;
    }

    /** Python's exception class name, e.g. {@code ValueError}. */
    public String pythonType() {
        return pythonType;
    }

    /** The message PyTorch gives (for a {@code KeyError}, the key's text without quotes). */
    public String pythonMessage() {
        return pythonMessage;
    }

    /** A new exception with the same type and message (thrown again by a graph at each evaluation). */
    TorchSchedulerException copy() {
        return new TorchSchedulerException(pythonType, pythonMessage);
    }
}
