/**
 * A run folder's files as {@link dev.anneal.runtime.Trainer} writes and reads them: {@code run.json},
 * {@code epochs.jsonl}, the checkpoint format, atomic writes, the run's identity, and
 * {@link dev.anneal.runtime.folder.SavedRun} to read a finished run back (the tool and sweeps use it).
 * Internal apart from {@code SavedRun}: public only for Anneal's own packages; no compatibility promise.
 */
package dev.anneal.runtime.folder;
