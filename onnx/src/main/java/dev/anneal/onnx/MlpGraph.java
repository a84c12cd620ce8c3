package dev.anneal.onnx;

import dev.anneal.onnx.proto.Onnx.AttributeProto;
import dev.anneal.onnx.proto.Onnx.GraphProto;
import dev.anneal.onnx.proto.Onnx.NodeProto;
import dev.anneal.onnx.proto.Onnx.TensorProto;
import dev.anneal.onnx.proto.Onnx.TensorShapeProto;
import dev.anneal.onnx.proto.Onnx.TypeProto;
import dev.anneal.onnx.proto.Onnx.ValueInfoProto;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Layer;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Parameter;
import dev.anneal.runtime.Standardizer;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.model.Model;
import java.util.List;

/**
 * The ONNX graph of a model's forward pass, in the run's precision: {@code Sub} and {@code Div} for the
 * standardisation, a {@code Gemm} per dense layer, its activation ({@code Relu}, {@code Tanh},
 * {@code Sigmoid}; GELU as {@code 0.5 x (1 + Erf(x / sqrt 2))}, the exact form the runtime computes, with
 * the {@code Erf} in float32 in a float64 graph, as ONNX Runtime has no float64 {@code Erf}) and
 * {@code Softmax} for a classifier. Input {@code features} {@code [N, F]}, output {@code probabilities} or
 * {@code predictions} {@code [N, K]}.
 */
final class MlpGraph {
    static final String INPUT = "features";
    static final String PROBABILITIES = "probabilities";
    static final String PREDICTIONS = "predictions";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final int type;

    private MlpGraph(Precision precision) {
        type = precision == Precision.FLOAT64 ? TensorProto.DataType.DOUBLE_VALUE : TensorProto.DataType.FLOAT_VALUE;
    }

    /** The graph of {@code model}. */
    static GraphProto of(Model model) {
        return new MlpGraph(model.precision()).build(model);
    }

    private GraphProto build(Model model) {
        Network net = model.network();
        int outputs = model.spec().outputs();
        graph.setName("anneal_mlp");
        graph.setDocString(model.spec().toString());
        graph.addInput(value(INPUT, model.spec().inputs()));
        String x = INPUT;
        Standardizer s = model.standardizer();
        if (s != null) {
            initializer("standardizer.mean", s.mean(), s.features());
            initializer("standardizer.std", s.std(), s.features());
            x = node("Sub", "standardizer.centred", x, "standardizer.mean");
            x = node("Div", "standardizer.out", x, "standardizer.std");
        }
        List<Parameter> params = net.parameters();
        for (int l = 0; l < model.spec().layers().size(); l++) {
            Parameter w = params.get(2 * l);
            Parameter b = params.get(2 * l + 1);
            initializer(w.name(), w.values(), w.rows(), w.cols());
            initializer(b.name(), b.values(), b.cols());
            x = node("Gemm", "layers." + l + ".linear", x, w.name(), b.name());
            x = activation(model.spec().layers().get(l), "layers." + l, x);
        }
        String out = model.isClassification() ? PROBABILITIES : PREDICTIONS;
        if (model.isClassification()) {
            graph.addNode(NodeProto.newBuilder().setOpType("Softmax").setName(out).addInput(x).addOutput(out)
                    .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                            .setI(1)));
        } else {
            graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(out).addInput(x).addOutput(out));
        }
        graph.addOutput(value(out, outputs));
        return graph.build();
    }

    private String activation(Layer layer, String prefix, String x) {
        Activation f = layer.activation();
        return switch (f) {
            case IDENTITY -> x;
            case RELU -> node("Relu", prefix + ".relu", x);
            case TANH -> node("Tanh", prefix + ".tanh", x);
            case SIGMOID -> node("Sigmoid", prefix + ".sigmoid", x);
            case GELU -> {
                if (graph.getInitializerList().stream().noneMatch(t -> t.getName().equals("gelu.sqrt2"))) {
                    initializer("gelu.sqrt2", new double[] {Math.sqrt(2)});
                    initializer("gelu.one", new double[] {1});
                    initializer("gelu.half", new double[] {0.5});
                }
                String scaled = node("Div", prefix + ".gelu.scaled", x, "gelu.sqrt2");
                String erf = type == TensorProto.DataType.FLOAT_VALUE ? node("Erf", prefix + ".gelu.erf", scaled)
                        : cast(node("Erf", prefix + ".gelu.erf", cast(scaled, TensorProto.DataType.FLOAT_VALUE)), type);
                String phi = node("Mul", prefix + ".gelu.phi2", node("Add", prefix + ".gelu.sum", erf, "gelu.one"),
                        "gelu.half");
                yield node("Mul", prefix + ".gelu", x, phi);
            }
        };
    }

    /**
     * {@code x} cast to {@code to}: ONNX Runtime's CPU kernels have no float64 {@code Erf}, so a float64 graph
     * computes GELU's erf in float32 (its outputs then agree with the run's to about 1e-7 relative).
     */
    private String cast(String x, int to) {
        String out = x + (to == TensorProto.DataType.FLOAT_VALUE ? ".float" : ".double");
        graph.addNode(NodeProto.newBuilder().setOpType("Cast").setName(out).addInput(x).addOutput(out)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(to)));
        return out;
    }

    /** Adds a node of one output, named {@code output}, and returns the output's name. */
    private String node(String op, String output, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        graph.addNode(n);
        return output;
    }

    /** A tensor of the run's precision; its values are exactly the run's (float32 values are exact in a double). */
    private void initializer(String name, double[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            t.addDims(d);
        }
        for (double v : values) {
            if (type == TensorProto.DataType.DOUBLE_VALUE) {
                t.addDoubleData(v);
            } else {
                t.addFloatData((float) v);
            }
        }
        graph.addInitializer(t);
    }

    /** A {@code [N, width]} tensor of the run's precision, {@code N} the rows of a batch. */
    private ValueInfoProto value(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type)
                        .setShape(shape)))
                .build();
    }
}
