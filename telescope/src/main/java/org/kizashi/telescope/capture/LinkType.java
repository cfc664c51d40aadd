package org.kizashi.telescope.capture;

/**
 * Link-layer header types (tcpdump.org LINKTYPE_ values) that the telescope decodes. A capture may carry any other
 * value: the reader passes it on and the decoder reports it as unknown.
 */
public final class LinkType {
    /** BSD loopback: a 4-byte address family in the byte order of the host that captured. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** DLT_RAW as written by OpenBSD-derived libpcap, found in the wild instead of {@link #RAW}. */
    public static final int DLT_RAW_12 = 12;
    /** DLT_RAW as written by some other platforms' libpcap, found in the wild instead of {@link #RAW}. */
    public static final int DLT_RAW_14 = 14;
    /** Raw IP: the packet starts with the IP header, version in its first nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL} but the family is in network byte order. */
    public static final int LOOP = 108;
    /** Linux "cooked" capture v1 (the "any" device): 16-byte header, protocol at offset 14. */
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    /** Linux "cooked" capture v2: 20-byte header, protocol at offset 0. */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** True for the link types whose frames are bare IP packets (version from the first nibble). */
    public static boolean isRawIp(int linkType) {
        return linkType == RAW || linkType == DLT_RAW_12 || linkType == DLT_RAW_14;
    }

    /** A short name for messages and logs, e.g. "ETHERNET (1)" or "unknown (147)". */
    public static String describe(int linkType) {
        String name = switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "ETHERNET";
            case DLT_RAW_12, DLT_RAW_14, RAW -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "unknown";
        };
        return name + " (" + linkType + ")";
    }
}
