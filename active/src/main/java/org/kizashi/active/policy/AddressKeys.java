package org.kizashi.active.policy;

import org.kizashi.core.active.TriggerKind;

/** Masks and hashes of prefixes in the 128-bit space (IPv4 as IPv4-mapped, a /24 is a /120). */
final class AddressKeys {
    private AddressKeys() {
    }

    static long highMask(int length) {
        return length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
    }

    static long lowMask(int length) {
        return length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    }

    static long hash(long high, long low, int length, TriggerKind kind) {
        long h = high * 0x9e3779b97f4a7c15L ^ Long.rotateLeft(low * 0xc2b2ae3d27d4eb4fL, 31)
                ^ ((long) length << 8 | kind.ordinal());
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
