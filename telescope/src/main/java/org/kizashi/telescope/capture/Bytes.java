package org.kizashi.telescope.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Multi-byte reads from byte arrays in either byte order; static final VarHandles compile to plain loads. */
final class Bytes {
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    static int int32(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? (int) INT_BE.get(b, p) : (int) INT_LE.get(b, p);
    }

    static long uint32(byte[] b, int p, boolean bigEndian) {
        return int32(b, p, bigEndian) & 0xffff_ffffL;
    }

    static int uint16(byte[] b, int p, boolean bigEndian) {
        return (bigEndian ? (short) SHORT_BE.get(b, p) : (short) SHORT_LE.get(b, p)) & 0xffff;
    }

    static long int64(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? (long) LONG_BE.get(b, p) : (long) LONG_LE.get(b, p);
    }

    static void putInt(byte[] b, int p, int value, boolean bigEndian) {
        if (bigEndian) {
            INT_BE.set(b, p, value);
        } else {
            INT_LE.set(b, p, value);
        }
    }

    static void putShort(byte[] b, int p, int value, boolean bigEndian) {
        if (bigEndian) {
            SHORT_BE.set(b, p, (short) value);
        } else {
            SHORT_LE.set(b, p, (short) value);
        }
    }

    /** Unsigned text of a 32-bit field, for messages. */
    static String unsigned(int value) {
        return Integer.toUnsignedString(value);
    }
}
