package dev.anneal.runtime.nd4j;

/**
 * The float32 element-wise kernels of a training step that have a SIMD form: bias rows, column
 * sums, ReLU and its gradient, the SGD and Adam updates. Two implementations give the same results:
 * {@link FloatKernels} (Java 17 and later: blocks copied into Java arrays, which the JIT vectorizes)
 * and {@code VectorKernels} (Java 25 with the {@code jdk.incubator.vector} module: Java's Vector API
 * straight on the tensors' memory, no copies, 2-4x faster on a large step's tensors).
 * {@link #best()} picks the second when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the {@code anneal} launcher does that).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector ...   // the Vector API kernels
 * }</pre>
 */
interface FloatOps {
    /** The Vector API's module. */
    String VECTOR_MODULE = "jdk.incubator.vector";

    /** Prepares a tensor the backend has just made for these kernels. */
    void adopt(FloatTensor t);

    /** Adds {@code row} to every row of {@code m}. */
    void addRowVector(FloatTensor m, FloatTensor row);

    /** The sums of {@code m}'s columns into {@code out}, each summed from the first row to the last. */
    void columnSums(FloatTensor m, FloatTensor out);

    /** {@code out = max(z, 0)}; {@code out} may be {@code z}. */
    void relu(FloatTensor z, FloatTensor out);

    /** ReLU's gradient from its output {@code a}: {@code grad} stays where {@code a > 0}, 0 elsewhere. */
    void reluBackward(FloatTensor a, FloatTensor grad);

    /** See {@code Backend.sgd}; {@code buf} is null without momentum. */
    void sgd(FloatTensor param, FloatTensor grad, FloatTensor buf, double learningRate, double momentum,
             double dampening, double weightDecay, boolean nesterov, boolean first);

    /** See {@code Backend.adam}. */
    void adam(FloatTensor param, FloatTensor grad, FloatTensor m, FloatTensor v, double lr, double beta1,
              double beta2, double eps, double weightDecay, boolean decoupled, long step);

    /** A short name for messages: "Vector API" or "Java arrays". */
    String description();

    /**
     * The Vector API kernels when this JVM (Java 25 or later) has the {@code jdk.incubator.vector}
     * module loaded, else {@link FloatKernels}.
     */
    static FloatOps best() {
        if (Runtime.version().feature() < 25 || ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return FloatKernels.ARRAYS;
        }
        try {
            return (FloatOps) Class.forName(FloatOps.class.getPackageName() + ".VectorKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return FloatKernels.ARRAYS;
        }
    }
}
