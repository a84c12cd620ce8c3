package dev.anneal.samples.cli;

import dev.anneal.runtime.tensorboard.EventProtos.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a TensorBoard event file as TensorFlow's record reader does, written apart from Anneal's writer
 * (its own CRC32C, bit by bit from the Castagnoli polynomial): each record's length, the masked CRC of
 * the length, the data and the masked CRC of the data, both CRCs checked, every record decoded as an
 * {@link Event}. Anything left over or a CRC that does not match is an {@link AssertionError}.
 */
final class TfRecordReader {
    private static final int POLY = 0x82F63B78;

    private TfRecordReader() {
    }

    static List<Event> events(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> out = new ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 12) {
                throw new AssertionError(file + ": " + b.remaining() + " bytes left over, not a record header");
            }
            byte[] header = new byte[8];
            b.get(header);
            long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
            check(file, "length", masked(header), b.getInt());
            if (length < 0 || length > b.remaining() - 4) {
                throw new AssertionError(file + ": record " + out.size() + " claims " + length + " bytes");
            }
            byte[] data = new byte[(int) length];
            b.get(data);
            check(file, "data of record " + out.size(), masked(data), b.getInt());
            out.add(Event.parseFrom(data));
        }
        return out;
    }

    private static void check(Path file, String what, int computed, int stored) {
        if (computed != stored) {
            throw new AssertionError(file + ": the CRC of the " + what + " is " + Integer.toHexString(stored)
                    + ", computed " + Integer.toHexString(computed));
        }
    }

    /** TensorFlow's mask: rotate right by 15, add 0xa282ead8. */
    static int masked(byte[] bytes) {
        int crc = crc32c(bytes);
        return (crc >>> 15 | crc << 17) + 0xa282ead8;
    }

    /** CRC-32C (Castagnoli), reflected, bit by bit. */
    static int crc32c(byte[] bytes) {
        int crc = 0xFFFFFFFF;
        for (byte value : bytes) {
            crc ^= value & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
        }
        return ~crc;
    }
}
