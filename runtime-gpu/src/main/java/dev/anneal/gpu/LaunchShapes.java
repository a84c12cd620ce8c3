package dev.anneal.gpu;

/**
 * How many blocks of how many threads each kernel of {@link CudaBackend} launches with. Counted in
 * {@code long}: for a tensor of up to 2^31 - 1 elements, {@code n + threads - 1} passes 2^31 - 1.
 */
final class LaunchShapes {
    /** Mean squared error: blocks of 8 warps over the elements, as many as the scratch has room for. */
    static final int MSE_THREADS = 256;
    /** Softmax cross-entropy: blocks of 8 warps, each warp taking 4 rows. */
    static final int XENT_THREADS = 256;
    private static final int XENT_ROWS_PER_BLOCK = 32;
    /** Column sums: rows per chunk (8 per thread of a 32 x 32 block), and chunks at most. */
    private static final int COLUMN_CHUNK_ROWS = 256;
    private static final int COLUMN_MAX_CHUNKS = 64;

    private LaunchShapes() {
    }

    /** Blocks of the mean squared error over {@code n} elements: one per {@value #MSE_THREADS}, at most the scratch's. */
    static int mseBlocks(int n) {
        return (int) Math.min((n + (long) MSE_THREADS - 1) / MSE_THREADS, ReductionScratch.LOSS_BLOCKS);
    }

    /** Blocks of the softmax cross-entropy over {@code rows} rows: one per {@value #XENT_ROWS_PER_BLOCK}, at most the scratch's. */
    static int xentBlocks(int rows) {
        return (int) Math.min((rows + (long) XENT_ROWS_PER_BLOCK - 1) / XENT_ROWS_PER_BLOCK, ReductionScratch.LOSS_BLOCKS);
    }

    /**
     * Row chunks (blockIdx.y) of the column sums of a {@code rows x cols} matrix: they spread a tall
     * matrix over the GPU, their sums going through the scratch.
     */
    static int columnChunks(int rows, int cols) {
        return (int) Math.max(1, Math.min(Math.min((rows + (long) COLUMN_CHUNK_ROWS - 1) / COLUMN_CHUNK_ROWS, COLUMN_MAX_CHUNKS),
                ReductionScratch.COLUMN_PARTIALS / cols));
    }

    /** Blocks of 32 columns (blockIdx.x) of the column sums. */
    static int columnGroups(int cols) {
        return (int) ((cols + 31L) / 32);
    }
}
