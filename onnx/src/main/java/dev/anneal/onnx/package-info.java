/**
 * ONNX export of a trained model: {@link dev.anneal.onnx.OnnxExport} writes what
 * {@code Model.exportOnnx(Path)} asks for, one ONNX graph per model. For everyone who adds
 * {@code anneal-onnx}; most call {@code model.exportOnnx(path)} and never name this package.
 */
package dev.anneal.onnx;
