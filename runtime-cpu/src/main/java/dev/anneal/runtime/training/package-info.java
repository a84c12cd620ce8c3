/**
 * The training loop behind {@link dev.anneal.runtime.Trainer}: one run at work, its optimizer and
 * schedule state, checkpoints of that state, and the hooks through which another module trains an
 * epoch's steps elsewhere ({@link dev.anneal.runtime.training.EpochSteps}, {@link dev.anneal.runtime.training.EpochWork},
 * {@link dev.anneal.runtime.training.StepRunner}, {@link dev.anneal.runtime.training.TrainingState}: what {@code anneal-spark} uses).
 * Internal: public only for Anneal's own modules; no compatibility promise.
 */
package dev.anneal.runtime.training;
