/**
 * Learning-rate schedules: {@link dev.anneal.Schedule} and its shapes, composed with {@code then},
 * {@code times} and friends, compiled with a {@link dev.anneal.Clock} into a {@link dev.anneal.ScheduleGraph}
 * (with a {@link dev.anneal.RunState} for plateaus). For everyone.
 *
 * <pre>{@code
 * Schedule lr = warmup(10).then(cosine(90, 1e-6));
 * double at55 = lr.compile().lr(55, 0.1);
 * }</pre>
 *
 * <p>Next door: {@code dev.anneal.torch} (PyTorch's schedulers by their names), {@code .text} (the text
 * form's parser), {@code .expression} (the Python-syntax expressions of {@code function(...)}),
 * {@code .graph} (what a schedule compiles into, for those who write their own shapes).
 */
package dev.anneal;
