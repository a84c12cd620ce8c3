package dev.anneal.runtime.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard's event files: each record is its length (uint64,
 * little-endian), the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data.
 *
 * <pre>{@code
 * byte[] framed = TfRecords.frame(event.toByteArray());
 * }</pre>
 */
final class TfRecords {
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {
    }

    /** {@code data} as one record. */
    static byte[] frame(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length);
        b.putInt(maskedCrc(b.array(), 0, 8));
        b.put(data);
        b.putInt(maskedCrc(data, 0, data.length));
        return b.array();
    }

    /** TensorFlow's masked CRC32C: the CRC rotated right by 15 bits, plus a constant. */
    static int maskedCrc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }
}
