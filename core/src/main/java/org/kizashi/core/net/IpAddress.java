package org.kizashi.core.net;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An IPv4 or IPv6 address in one fixed-width form: 16 bytes, IPv4 as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}).
 * Unsigned byte order of that form is address order, so databases index and range-scan it as plain binary.
 * Parsing never consults DNS (unlike {@link java.net.InetAddress#getByName}).
 */
public final class IpAddress implements Comparable<IpAddress> {
    static final int LENGTH = 16;
    private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address from its 16-byte form (as stored); a copy of the array is kept. */
    public static IpAddress fromBytes(byte[] sixteen) {
        if (sixteen == null || sixteen.length != LENGTH) {
            throw new IllegalArgumentException("an address is 16 bytes, got " + (sixteen == null ? "null" : sixteen.length));
        }
        return new IpAddress(sixteen.clone());
    }

    public static IpAddress ofV4(int address) {
        byte[] b = new byte[LENGTH];
        System.arraycopy(V4_MAPPED_PREFIX, 0, b, 0, 12);
        b[12] = (byte) (address >>> 24);
        b[13] = (byte) (address >>> 16);
        b[14] = (byte) (address >>> 8);
        b[15] = (byte) address;
        return new IpAddress(b);
    }

    /** Parses dotted IPv4 or textual IPv6 (RFC 4291 forms, including {@code ::} and a trailing dotted quad). */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        String t = text.trim();
        if (t.indexOf(':') < 0) {
            return ofV4(parseV4(t, text));
        }
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        return new IpAddress(parseV6(t, text));
    }

    private static int parseV4(String t, String original) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(original);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                throw invalid(original); // leading zeros are ambiguous (octal in some parsers)
            }
            int octet = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    throw invalid(original);
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                throw invalid(original);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static byte[] parseV6(String t, String original) {
        int zone = t.indexOf('%');
        if (zone >= 0) {
            throw new IllegalArgumentException("invalid IP address '" + original + "': IPv6 zone identifiers are not supported");
        }
        int doubleColon = t.indexOf("::");
        if (doubleColon >= 0 && t.indexOf("::", doubleColon + 1) >= 0) {
            throw invalid(original);
        }
        String head = doubleColon >= 0 ? t.substring(0, doubleColon) : t;
        String tail = doubleColon >= 0 ? t.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, original, doubleColon < 0 || tail.isEmpty());
        int[] tailGroups = groups(tail, original, true);
        int total = headGroups.length + tailGroups.length;
        if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
            throw invalid(original);
        }
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < headGroups.length; i++) {
            b[2 * i] = (byte) (headGroups[i] >>> 8);
            b[2 * i + 1] = (byte) headGroups[i];
        }
        int offset = 8 - tailGroups.length;
        for (int i = 0; i < tailGroups.length; i++) {
            b[2 * (offset + i)] = (byte) (tailGroups[i] >>> 8);
            b[2 * (offset + i) + 1] = (byte) tailGroups[i];
        }
        return b;
    }

    /** Parses colon-separated hex groups; the last may be a dotted IPv4 quad (two groups) when {@code last} is true. */
    private static int[] groups(String s, String original, boolean last) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (last && i == parts.length - 1 && p.indexOf('.') >= 0) {
                int v4 = parseV4(p, original);
                out[n++] = v4 >>> 16;
                out[n++] = v4 & 0xffff;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                throw invalid(original);
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 16);
                if (d < 0) {
                    throw invalid(original);
                }
                v = (v << 4) | d;
            }
            out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid IP address '" + text + "'");
    }

    /** The address from its 128-bit value as two longs (high 64 bits, low 64 bits), as decoders produce it. */
    public static IpAddress of(long high, long low) {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return new IpAddress(b);
    }

    /** The high 64 bits of the 16-byte form. */
    public long high() {
        return longAt(0);
    }

    /** The low 64 bits of the 16-byte form (for IPv4: 0x0000ffff followed by the 32-bit address). */
    public long low() {
        return longAt(8);
    }

    private long longAt(int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[offset + i] & 0xff);
        }
        return v;
    }

    public boolean isV4() {
        return Arrays.equals(bytes, 0, 12, V4_MAPPED_PREFIX, 0, 12);
    }

    /** The 16-byte form, as stored; a copy. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    byte[] raw() {
        return bytes;
    }

    @Override
    public int compareTo(IpAddress o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Dotted quad for IPv4; RFC 5952 canonical text for IPv6 (lower case, longest zero run compressed). */
    @Override
    public String toString() {
        if (isV4()) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Hex of the 16-byte form, for logs and debugging. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }
}
