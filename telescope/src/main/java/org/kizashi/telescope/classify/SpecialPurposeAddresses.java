package org.kizashi.telescope.classify;

/**
 * Address blocks that never appear as the source of genuine Internet traffic (IANA special-purpose registries,
 * RFC 6890 and successors). A packet from one of them reaching a darknet was forged, or leaked from a misconfigured
 * network: either way it says nothing about a real host at that address.
 */
final class SpecialPurposeAddresses {
    /** {network, mask} pairs. */
    private static final int[][] V4 = {
            block(0x00000000, 8),   // 0.0.0.0/8 "this network"
            block(0x0A000000, 8),   // 10.0.0.0/8 private
            block(0x64400000, 10),  // 100.64.0.0/10 shared address space (carrier-grade NAT)
            block(0x7F000000, 8),   // 127.0.0.0/8 loopback
            block(0xA9FE0000, 16),  // 169.254.0.0/16 link local
            block(0xAC100000, 12),  // 172.16.0.0/12 private
            block(0xC0000000, 24),  // 192.0.0.0/24 IETF protocol assignments
            block(0xC0000200, 24),  // 192.0.2.0/24 documentation (TEST-NET-1)
            block(0xC0A80000, 16),  // 192.168.0.0/16 private
            block(0xC6120000, 15),  // 198.18.0.0/15 benchmarking
            block(0xC6336400, 24),  // 198.51.100.0/24 documentation (TEST-NET-2)
            block(0xCB007100, 24),  // 203.0.113.0/24 documentation (TEST-NET-3)
            block(0xE0000000, 4),   // 224.0.0.0/4 multicast
            block(0xF0000000, 4),   // 240.0.0.0/4 reserved, and the limited broadcast address
    };

    private SpecialPurposeAddresses() {
    }

    private static int[] block(int network, int length) {
        return new int[] {network, length == 0 ? 0 : -1 << (32 - length)};
    }

    static boolean isUnroutableV4(int address) {
        for (int[] b : V4) {
            if ((address & b[1]) == b[0]) {
                return true;
            }
        }
        return false;
    }

    /** Only global unicast (2000::/3) is routable, minus documentation 2001:db8::/32. */
    static boolean isUnroutableV6(long high, long low) {
        if ((high >>> 61) != 0b001) {
            return true;
        }
        return (high >>> 32) == 0x20010db8L;
    }
}
