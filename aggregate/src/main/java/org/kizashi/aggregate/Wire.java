package org.kizashi.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Unsigned LEB128 variable-length integers: most counts in a partial aggregate are small. */
final class Wire {
    private Wire() {
    }

    static void writeVarLong(DataOutput out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long readVarLong(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed variable-length integer");
    }

    /** A non-negative count no larger than {@code max}, refused otherwise (corrupt input must not allocate wildly). */
    static int readVarInt(DataInput in, int max, String what) throws IOException {
        long value = readVarLong(in);
        if (value < 0 || value > max) {
            throw new IOException(what + " out of range: " + Long.toUnsignedString(value));
        }
        return (int) value;
    }

    /** A count that must be non-negative as a signed long (packets, bytes). */
    static long readCount(DataInput in, String what) throws IOException {
        long value = readVarLong(in);
        if (value < 0) {
            throw new IOException(what + " out of range: " + Long.toUnsignedString(value));
        }
        return value;
    }
}
