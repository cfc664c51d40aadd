package org.kizashi.active.policy;

import org.kizashi.core.active.TriggerKind;

/**
 * The 64-bit hash of a domain name, taken from its last character to its first, so that hashing a query name once
 * passes through the hash of each of its parent domains on the way (FNV-1a steps, then a murmur3 finaliser so the low
 * bits index a table well). A general-purpose hash library cannot give those intermediate values.
 */
final class NameHash {
    static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private NameHash() {
    }

    static long step(long hash, char c) {
        return (hash ^ c) * PRIME;
    }

    static long finish(long hash, TriggerKind kind) {
        long h = hash ^ (kind.ordinal() * 0x9e3779b97f4a7c15L);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The hash of a whole canonical name (ASCII bytes, lower case). */
    static long of(byte[] name, TriggerKind kind) {
        long h = SEED;
        for (int i = name.length - 1; i >= 0; i--) {
            h = step(h, (char) (name[i] & 0xff));
        }
        return finish(h, kind);
    }
}
