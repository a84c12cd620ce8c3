package dev.anneal.spark;

import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.training.TrainingState;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrainingState} as it travels between the driver and the workers: every tensor (parameters,
 * then first buffers, then second buffers) one after the other in one byte array, little-endian
 * float32 when the run computes in float32 (its values are float32 already, so nothing is lost) or
 * float64, beside the few small fields. Java serialization writes a byte array as it is, so a state
 * of {@code p} numbers costs {@code 4p} (or {@code 8p}) bytes on the wire.
 */
final class PackedState implements Serializable {
    private final long step;
    private final long optimizerSteps;
    private final boolean[] started;
    private final List<Map<String, Object>> schedules;
    private final int[] lengths;
    private final boolean second;
    private final boolean wide;
    private final byte[] data;

    private PackedState(long step, long optimizerSteps, boolean[] started, List<Map<String, Object>> schedules,
                        int[] lengths, boolean second, boolean wide, byte[] data) {
        this.step = step;
        this.optimizerSteps = optimizerSteps;
        this.started = started;
        this.schedules = schedules;
        this.lengths = lengths;
        this.second = second;
        this.wide = wide;
        this.data = data;
    }

    /** {@code state} packed in {@code precision}. */
    static PackedState of(TrainingState state, Precision precision) {
        int n = state.parameters().length;
        boolean second = state.second() != null;
        int[] lengths = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            lengths[i] = state.parameters()[i].length;
            total += lengths[i];
        }
        boolean wide = precision == Precision.FLOAT64;
        long values = total * (second ? 3 : 2);
        long bytes = values * (wide ? 8 : 4);
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a training state of " + values + " numbers is too large to send ("
                    + bytes + " bytes, at most 2 GB)");
        }
        byte[] data = new byte[(int) bytes];
        Writer out = new Writer(data, wide);
        out.put(state.parameters());
        out.put(state.first());
        if (second) {
            out.put(state.second());
        }
        return new PackedState(state.step(), state.optimizerSteps(), state.started().clone(), state.schedules(),
                lengths, second, wide, data);
    }

    long step() {
        return step;
    }

    /** The state as a {@link TrainingState}. */
    TrainingState unpack() {
        int n = lengths.length;
        double[][] parameters = new double[n][];
        double[][] first = new double[n][];
        double[][] secondParts = second ? new double[n][] : null;
        for (int i = 0; i < n; i++) {
            parameters[i] = new double[lengths[i]];
            first[i] = new double[lengths[i]];
            if (second) {
                secondParts[i] = new double[lengths[i]];
            }
        }
        ByteBuffer b = buffer();
        int at = read(b, 0, parameters);
        at = read(b, at, first);
        if (second) {
            read(b, at, secondParts);
        }
        return new TrainingState(step, optimizerSteps, parameters, first, secondParts, started.clone(), schedules);
    }

    /** Reads {@code into}'s values from byte {@code at} of {@code b}; returns the byte after them. */
    private int read(ByteBuffer b, int at, double[][] into) {
        for (double[] part : into) {
            if (wide) {
                for (int i = 0; i < part.length; i++, at += 8) {
                    part[i] = b.getDouble(at);
                }
            } else {
                for (int i = 0; i < part.length; i++, at += 4) {
                    part[i] = b.getFloat(at);
                }
            }
        }
        return at;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The weighted mean of states at one step, summed in float64 in the order given (so the same
     * states in the same order give the same bits, wherever it runs).
     */
    static final class Mean {
        private PackedState head;
        private double[] sum;
        private boolean[] started;
        private double total;

        /** Adds {@code state} with weight {@code weight} (e.g. the rows it trained on; 0 adds nothing but its started flags). */
        Mean add(PackedState state, double weight) {
            if (head == null) {
                head = state;
                sum = new double[state.data.length / (state.wide ? 8 : 4)];
                started = new boolean[state.started.length];
            } else if (state.step != head.step || state.data.length != head.data.length || state.wide != head.wide) {
                throw new IllegalArgumentException("average: states at steps " + head.step + " and " + state.step
                        + " (" + head.data.length + " and " + state.data.length + " bytes)");
            }
            for (int i = 0; i < started.length; i++) {
                started[i] |= state.started[i];
            }
            if (weight != 0) {
                ByteBuffer b = state.buffer();
                if (state.wide) {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += weight * b.getDouble(i << 3);
                    }
                } else {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += weight * b.getFloat(i << 2);
                    }
                }
                total += weight;
            }
            return this;
        }

        /** The weights added so far. */
        double weight() {
            return total;
        }

        /**
         * The mean, packed in the states' precision; step, optimizer steps and schedules from the first
         * state (its values too when every weight was 0: a group of workers that had no rows).
         */
        PackedState packed() {
            if (total == 0) {
                return new PackedState(head.step, head.optimizerSteps, started, head.schedules, head.lengths,
                        head.second, head.wide, head.data);
            }
            byte[] data = new byte[head.data.length];
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            if (head.wide) {
                for (int i = 0; i < sum.length; i++) {
                    b.putDouble(i << 3, sum[i] / total);
                }
            } else {
                for (int i = 0; i < sum.length; i++) {
                    b.putFloat(i << 2, (float) (sum[i] / total));
                }
            }
            return new PackedState(head.step, head.optimizerSteps, started, head.schedules, head.lengths, head.second,
                    head.wide, data);
        }
    }

    /** Writes tensors one after the other into a byte array. */
    private static final class Writer {
        private final ByteBuffer b;
        private final boolean wide;
        private int at;

        Writer(byte[] data, boolean wide) {
            this.b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            this.wide = wide;
        }

        void put(double[][] parts) {
            for (double[] part : parts) {
                if (wide) {
                    for (double v : part) {
                        b.putDouble(at, v);
                        at += 8;
                    }
                } else {
                    for (double v : part) {
                        b.putFloat(at, (float) v);
                        at += 4;
                    }
                }
            }
        }
    }
}
