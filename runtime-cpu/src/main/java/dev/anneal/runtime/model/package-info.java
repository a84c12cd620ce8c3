/**
 * A trained model, used: {@link dev.anneal.runtime.model.Model} loads a checkpoint, a run folder or a
 * sweep folder, predicts for new rows and exports to ONNX. For everyone; {@code OnnxWriter} is the
 * contract {@code anneal-onnx} implements (internal: no compatibility promise).
 */
package dev.anneal.runtime.model;
