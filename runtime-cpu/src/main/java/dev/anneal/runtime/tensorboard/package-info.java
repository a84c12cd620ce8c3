/**
 * TensorBoard's event files: {@code events.out.tfevents.<time>.<host>} in every run folder, with the
 * losses, the accuracy, each param group's learning rate and the schedule's text, so that a user's
 * TensorBoard shows Anneal runs (and a sweep as a folder of runs). Internal: no compatibility promise.
 */
package dev.anneal.runtime.tensorboard;
