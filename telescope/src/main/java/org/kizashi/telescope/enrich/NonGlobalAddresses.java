package org.kizashi.telescope.enrich;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Addresses that belong to no country or AS (IANA special-purpose registries, RFC 6890 and successors): private,
 * shared (CGN), loopback, link-local, documentation, benchmarking, multicast and reserved IPv4 blocks, and every IPv6
 * address outside global unicast {@code 2000::/3} or inside documentation {@code 2001:db8::/32}. Some open databases
 * give such blocks a country; enrichment answers "unknown" for them whatever the database says.
 */
final class NonGlobalAddresses {
    /** Network and prefix length, as {@code (network << 8) | length}. */
    private static final long[] V4 = {
        block(0x0000_0000, 8),  // 0.0.0.0/8 this network
        block(0x0A00_0000, 8),  // 10.0.0.0/8 private
        block(0x6440_0000, 10), // 100.64.0.0/10 shared address space
        block(0x7F00_0000, 8),  // 127.0.0.0/8 loopback
        block(0xA9FE_0000, 16), // 169.254.0.0/16 link-local
        block(0xAC10_0000, 12), // 172.16.0.0/12 private
        block(0xC000_0000, 24), // 192.0.0.0/24 IETF protocol assignments
        block(0xC000_0200, 24), // 192.0.2.0/24 documentation
        block(0xC0A8_0000, 16), // 192.168.0.0/16 private
        block(0xC612_0000, 15), // 198.18.0.0/15 benchmarking
        block(0xC633_6400, 24), // 198.51.100.0/24 documentation
        block(0xCB00_7100, 24), // 203.0.113.0/24 documentation
        block(0xE000_0000, 3),  // 224.0.0.0/4 multicast and 240.0.0.0/4 reserved (with 255.255.255.255)
    };

    private NonGlobalAddresses() {
    }

    private static long block(int network, int length) {
        return ((network & 0xffff_ffffL) << 8) | length;
    }

    /**
     * The IPv4 blocks as {@code {first, last}} pairs of unsigned 32-bit addresses, in address order, for structures
     * that answer "unknown" for them up front (the IPv4 index).
     */
    static long[][] ipv4Blocks() {
        long[][] blocks = new long[V4.length][];
        for (int i = 0; i < V4.length; i++) {
            long first = V4[i] >>> 8;
            int length = (int) (V4[i] & 0xff);
            blocks[i] = new long[] {first, first + (1L << (32 - length)) - 1};
        }
        Arrays.sort(blocks, Comparator.comparingLong(b -> b[0]));
        return blocks;
    }

    /** Whether the 128-bit address (IPv4 as {@code ::ffff:a.b.c.d}) is outside the global Internet. */
    static boolean contains(long high, long low) {
        if (high == 0 && (low >>> 32) == 0xffffL) {
            long a = low & 0xffff_ffffL;
            for (long b : V4) {
                int length = (int) (b & 0xff);
                if ((a >>> (32 - length)) == (b >>> 8) >>> (32 - length)) {
                    return true;
                }
            }
            return false;
        }
        return (high >>> 61) != 0b001 || (high >>> 32) == 0x2001_0db8L;
    }
}
