package dev.anneal.gpu;

/**
 * Device memory for the reductions that spread over many blocks and still add in a fixed order
 * (the losses, column sums): each block stores its partial sums, and the last
 * block to arrive, told by an arrival counter that is zero between launches, adds them. One per
 * device, allocated and zeroed once: the kernels of its one stream never overlap.
 */
final class ReductionScratch {
    /** Blocks of the loss, each with 2 partial sums. */
    static final int LOSS_BLOCKS = 1024;
    /** Partial column sums (chunks x columns) the column sums may use. */
    static final int COLUMN_PARTIALS = 65_536;
    /** Column groups (of 32) the column sums count arrivals for. */
    static final int COLUMN_GROUPS = 1024;

    final long lossPartials;
    final long lossArrived;
    final long columnPartials;
    final long columnArrived;

    ReductionScratch(CudaDevice device) {
        long doubles = 2L * LOSS_BLOCKS + COLUMN_PARTIALS;
        long bytes = 8 * doubles + 4L * (1 + COLUMN_GROUPS);
        long base = device.allocate(bytes);
        device.zero(base, (bytes + 3) / 4);
        lossPartials = base;
        columnPartials = base + 16L * LOSS_BLOCKS;
        lossArrived = base + 8 * doubles;
        columnArrived = lossArrived + 4;
    }
}
