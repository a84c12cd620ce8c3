package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What changes from one training step to the next when the step is replayed as a CUDA graph: the
 * batch's row indices, each update's hyperparameters, the loss's slot in the step table. A step
 * writes them into host memory as it is recorded; {@link #upload} copies them with one call into a
 * device buffer at a fixed address, which the graph's kernels read.
 *
 * <p>The copy runs later than it is queued and reads pinned host memory as it runs, so each step's
 * inputs go to a new place in a ring of pinned memory, and a place is written again only after a
 * synchronisation has seen its copy done (the epoch's download of the losses does; otherwise one
 * synchronisation per lap of the ring).
 */
final class StepInputs {
    private static final long FIRST_RING_BYTES = 1L << 20;

    private final CudaDevice device;
    private final Arena arena = Arena.ofAuto();
    /** The step's inputs as written, before the upload. */
    private MemorySegment scratch = arena.allocate(4096, 8);
    private long used;
    private MemorySegment ring;
    private long ringAt;
    /** The last upload's ticket ({@link CudaDevice#uploadAsync}), -1 before the first. */
    private long lastCopy = -1;
    private long buffer;
    private long bufferBytes;

    StepInputs(CudaDevice device) {
        this.device = device;
    }

    /** Starts a step's inputs. */
    void begin() {
        used = 0;
    }

    /** Room for {@code bytes} more bytes of this step's inputs (8-aligned): their offset from the inputs' start. */
    long reserve(long bytes) {
        long at = used;
        used += (bytes + 7) & ~7L;
        if (used > scratch.byteSize()) {
            MemorySegment larger = arena.allocate(Math.max(used, 2 * scratch.byteSize()), 8);
            larger.copyFrom(scratch.asSlice(0, at));
            scratch = larger;
        }
        return at;
    }

    /** Where the inputs are written: offsets from {@link #reserve}. */
    MemorySegment scratch() {
        return scratch;
    }

    /**
     * Makes the device buffer hold this step's inputs; true when that moved it (a graph that reads
     * the old buffer must not be launched again).
     */
    boolean fitDevice() {
        if (used <= bufferBytes) {
            return false;
        }
        if (buffer != 0) {
            device.free(buffer);
        }
        bufferBytes = Math.max(used, 2 * bufferBytes);
        buffer = device.allocate(bufferBytes);
        return true;
    }

    /** The device buffer (after {@link #fitDevice}). */
    long device() {
        return buffer;
    }

    /** Queues the copy of this step's inputs into the device buffer. */
    void upload() {
        if (used == 0) {
            return;
        }
        if (ring == null || used > ring.byteSize() / 2) {
            device.awaitCopied(lastCopy);
            if (ring != null) {
                device.freeHost(ring);
            }
            ring = device.allocateHost(Math.max(FIRST_RING_BYTES, 4 * used));
            ringAt = 0;
        }
        if (ringAt + used > ring.byteSize()) {
            device.awaitCopied(lastCopy);  // every copy from the ring so far is done
            ringAt = 0;
        }
        MemorySegment.copy(scratch, JAVA_BYTE, 0, ring, JAVA_BYTE, ringAt, used);
        lastCopy = device.uploadAsync(buffer, ring, ringAt, used);
        ringAt += (used + 63) & ~63L;
    }

    /** Gives back the device buffer and the ring (once its copies are done). */
    void free() {
        device.awaitCopied(lastCopy);
        if (ring != null) {
            device.freeHost(ring);
            ring = null;
        }
        if (buffer != 0) {
            device.free(buffer);
            buffer = 0;
            bufferBytes = 0;
        }
    }
}
