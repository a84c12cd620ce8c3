package dev.anneal.runtime;

/**
 * A data set cut into a training part and a validation part.
 *
 * <pre>{@code
 * Split split = data.split(800);         // rows 0-799 train, the rest validate
 * trainer.fit(split.train(), split.validation());
 * }</pre>
 *
 * @param train      the rows to train on
 * @param validation the rows to evaluate on at each epoch's end
 */
public record Split(Dataset train, Dataset validation) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
}
