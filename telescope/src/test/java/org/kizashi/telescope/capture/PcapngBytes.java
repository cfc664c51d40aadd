package org.kizashi.telescope.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-made pcapng, block by block, for what {@link PcapWriter} does not write: several sections and interfaces,
 * simple and obsolete packet blocks, options, unknown blocks, damage.
 */
final class PcapngBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    /** Starts a section in the given byte order (with an shb_userappl option, which readers must skip). */
    PcapngBytes section(ByteOrder byteOrder) {
        order = byteOrder;
        ByteBuffer body = body(32);
        body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
        option(body, 4, "kizashi".getBytes());
        body.putInt(0);
        return block(0x0A0D0D0A, body);
    }

    /** An interface; {@code tsresol} and {@code tsoffset} are written as options when not null. */
    PcapngBytes interfaceDescription(int linkType, int snapLength, Integer tsresol, Long tsoffsetSeconds) {
        ByteBuffer body = body(48);
        body.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        option(body, 2, "eth0".getBytes()); // if_name
        if (tsresol != null) {
            option(body, 9, new byte[] {(byte) tsresol.intValue()});
        }
        if (tsoffsetSeconds != null) {
            option(body, 14, ByteBuffer.allocate(8).order(order).putLong(tsoffsetSeconds).array());
        }
        body.putInt(0);
        return block(1, body);
    }

    PcapngBytes enhancedPacket(int iface, long units, byte[] data, int originalLength) {
        ByteBuffer body = body(40 + data.length);
        body.putInt(iface).putInt((int) (units >>> 32)).putInt((int) units).putInt(data.length).putInt(originalLength);
        body.put(data);
        pad(body);
        option(body, 1, "a comment".getBytes()); // opt_comment
        body.putInt(0);
        return block(6, body);
    }

    PcapngBytes simplePacket(byte[] data, int originalLength) {
        ByteBuffer body = body(8 + data.length);
        body.putInt(originalLength).put(data);
        pad(body);
        return block(3, body);
    }

    /** The obsolete Packet Block (type 2). */
    PcapngBytes packet(int iface, long units, byte[] data, int originalLength) {
        ByteBuffer body = body(24 + data.length);
        body.putShort((short) iface).putShort((short) 0).putInt((int) (units >>> 32)).putInt((int) units)
                .putInt(data.length).putInt(originalLength).put(data);
        pad(body);
        return block(2, body);
    }

    /** Any block, e.g. Name Resolution (4), Interface Statistics (5), or a type nobody knows. */
    PcapngBytes block(int type, byte[] content) {
        ByteBuffer body = body(content.length + 4);
        body.put(content);
        pad(body);
        return block(type, body);
    }

    PcapngBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A 32-bit value in the section's byte order. */
    PcapngBytes int32(int value) {
        out.writeBytes(ByteBuffer.allocate(4).order(order).putInt(value).array());
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private ByteBuffer body(int capacity) {
        return ByteBuffer.allocate(capacity + 64).order(order);
    }

    private PcapngBytes block(int type, ByteBuffer body) {
        int length = 12 + body.position();
        ByteBuffer block = ByteBuffer.allocate(length).order(order);
        block.putInt(type).putInt(length).put(body.array(), 0, body.position()).putInt(length);
        out.writeBytes(block.array());
        return this;
    }

    private static void option(ByteBuffer body, int code, byte[] value) {
        body.putShort((short) code).putShort((short) value.length).put(value);
        pad(body);
    }

    private static void pad(ByteBuffer body) {
        while (body.position() % 4 != 0) {
            body.put((byte) 0);
        }
    }
}
