/**
 * Sweeps: a search space of trial configurations, run through a {@link dev.anneal.runtime.sweep.TrialRunner}
 * (a local thread pool by default, Spark in {@code anneal-spark}), with successive halving, ranked in a
 * {@link dev.anneal.runtime.sweep.SweepResult}. For everyone; {@code TrialRunner} and {@code TrialTask}
 * are also the extension point for other executors.
 */
package dev.anneal.runtime.sweep;
