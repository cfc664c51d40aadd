package org.kizashi.telescope.decode;

/** Bits of {@link DecodedPacket#tcpFlags}. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    /** ECN-Echo (RFC 3168). */
    public static final int ECE = 0x40;
    /** Congestion Window Reduced (RFC 3168). */
    public static final int CWR = 0x80;

    private TcpFlags() {
    }

    /** Flags as tcpdump writes them, e.g. "S." for SYN-ACK, "SEW" for SYN with ECE and CWR; "none" for 0. */
    public static String toString(int flags) {
        if (flags < 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, flags, FIN, 'F');
        append(sb, flags, SYN, 'S');
        append(sb, flags, RST, 'R');
        append(sb, flags, PSH, 'P');
        append(sb, flags, URG, 'U');
        append(sb, flags, ECE, 'E');
        append(sb, flags, CWR, 'W');
        append(sb, flags, ACK, '.');
        return sb.isEmpty() ? "none" : sb.toString();
    }

    private static void append(StringBuilder sb, int flags, int bit, char c) {
        if ((flags & bit) != 0) {
            sb.append(c);
        }
    }
}
