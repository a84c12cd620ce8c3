package dev.anneal.runtime.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** AVX-512 kernels are asked for on AVX-512 Linux machines only, and never over the user's own choice. */
class OpenBlasCoreTest {
    private static final Set<String> ZEN5 = Set.of("fma", "avx2", "avx512f", "avx512dq", "avx512cd", "avx512bw",
            "avx512vl", "avx512_bf16");

    @Test
    void anAvx512LinuxMachineGetsTheSkylakeXKernels() {
        assertEquals("SkylakeX", OpenBlasCore.wanted(null, "Linux", ZEN5));
    }

    @Test
    void theUsersOwnSettingWinsEvenWhenEmpty() {
        assertNull(OpenBlasCore.wanted("Haswell", "Linux", ZEN5));
        assertNull(OpenBlasCore.wanted("", "Linux", ZEN5));
    }

    @Test
    void otherMachinesKeepOpenBlasOwnChoice() {
        assertNull(OpenBlasCore.wanted(null, "Linux", Set.of("fma", "avx2", "avx512f")));
        assertNull(OpenBlasCore.wanted(null, "Mac OS X", ZEN5));
        assertNull(OpenBlasCore.wanted(null, "Linux", Set.of()));
    }
}
