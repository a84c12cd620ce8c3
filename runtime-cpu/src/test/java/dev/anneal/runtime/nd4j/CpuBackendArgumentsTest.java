package dev.anneal.runtime.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Tensor;
import org.junit.jupiter.api.Test;

/** The CPU backend rejects bad arguments with TensorShapes' messages, which the CUDA backend shares. */
class CpuBackendArgumentsTest {
    private final Backend cpu = CpuBackend.create();

    private String message(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void matmulRejectsMismatchedShapesAndAnOutputThatIsAnInput() {
        Tensor a = cpu.zeros(3, 4);
        Tensor square = cpu.zeros(4, 4);

        assertEquals("matmul: op(a) is 3 x 4, op(b) 3 x 4, c 3 x 4", message(() -> cpu.matmul(a, false, a, false, cpu.zeros(3, 4))));
        assertEquals("matmul: c must not be a or b", message(() -> cpu.matmul(square, false, square, false, square)));
    }

    @Test
    void shapesAndHostArraysAreChecked() {
        Tensor t = cpu.zeros(2, 3);

        assertEquals("tensor shape must be positive, got 0 x 3", message(() -> cpu.zeros(0, 3)));
        assertEquals("tensor of 70000 x 70000 has more than 2^31 - 1 elements", message(() -> cpu.zeros(70_000, 70_000)));
        assertEquals("upload: 5 values for a 2 x 3 tensor", message(() -> cpu.upload(new double[5], t)));
        assertEquals("download: room for 4 values, tensor has 6", message(() -> cpu.download(t, new double[4])));
        assertEquals("gatherRows: 2 rows of 3 columns from offset 1 of 2 indices into " + t,
                message(() -> cpu.gatherRows(cpu.zeros(5, 3), new int[] {0, 1}, 1, t)));
    }
}
