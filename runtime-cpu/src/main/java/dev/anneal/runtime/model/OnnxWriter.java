package dev.anneal.runtime.model;

import java.nio.file.Path;

/**
 * What {@link Model#exportOnnx(Path)} calls to write the ONNX file, found with {@link java.util.ServiceLoader}:
 * the {@code anneal-onnx} artifact provides it, so that protobuf stays off the class path of those who never
 * export. Internal: implemented by Anneal's own {@code anneal-onnx}; no compatibility promise.
 *
 * <pre>{@code
 * OnnxWriter writer = ServiceLoader.load(OnnxWriter.class).findFirst().orElseThrow();
 * writer.write(model, Path.of("model.onnx"));
 * }</pre>
 */
public interface OnnxWriter {
    /** Writes {@code model} as one ONNX graph to {@code file}, whole or not at all. */
    void write(Model model, Path file);
}
