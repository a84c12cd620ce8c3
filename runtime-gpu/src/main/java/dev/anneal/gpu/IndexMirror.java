package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A host index array (a batch order) mirrored in GPU memory, so that gathering a batch needs no
 * copy as long as the rows it reads are unchanged: each gather compares its slice with the snapshot
 * of the last upload and uploads the whole array again only when they differ (once per epoch after
 * a shuffle).
 */
final class IndexMirror {
    final int[] array;
    final long device;
    private final int[] snapshot;
    private final MemorySegment staging;
    private final CudaDevice gpu;
    /** The last upload's ticket (-1: none yet): staging must stay unchanged until that copy is done. */
    private long uploaded = -1;

    IndexMirror(CudaDevice gpu, int[] array) {
        this.gpu = gpu;
        this.array = array;
        this.snapshot = new int[array.length];
        this.device = gpu.allocate(4L * array.length);
        this.staging = Arena.ofAuto().allocate(JAVA_INT, Math.max(1, array.length));
        refresh();
    }

    /**
     * Checks that {@code array[offset, offset + n)} holds row numbers below {@code rows}, and uploads
     * the array when that slice differs from the last upload.
     */
    void prepare(int offset, int n, int rows) {
        requireRows(array, offset, n, rows);
        boolean stale = false;
        for (int i = offset; i < offset + n; i++) {
            stale |= array[i] != snapshot[i];
        }
        if (stale) {
            refresh();
        }
    }

    /** Checks that {@code array[offset, offset + n)} holds row numbers below {@code rows}. */
    static void requireRows(int[] array, int offset, int n, int rows) {
        for (int i = offset; i < offset + n; i++) {
            int row = array[i];
            if (row < 0 || row >= rows) {
                throw new IllegalArgumentException("gatherRows: index " + row + " at position " + i
                        + " is outside the source's " + rows + " rows");
            }
        }
    }

    /** Uploads the array; first waits for the previous upload from staging (done already after an epoch's read). */
    private void refresh() {
        gpu.awaitCopied(uploaded);
        System.arraycopy(array, 0, snapshot, 0, array.length);
        MemorySegment.copy(snapshot, 0, staging, JAVA_INT, 0, snapshot.length);
        uploaded = gpu.uploadAsync(device, staging, 4L * array.length);
    }

    /** Frees the device copy; staging (freed with this object) once its last upload is done. */
    void free() {
        gpu.awaitCopied(uploaded);
        gpu.free(device);
    }
}
