package org.kizashi.core.telescope;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Fingerprints a darknet packet may carry; several at once, kept as a bit set in {@link DarknetPacket#tags()}. */
public enum PacketTag {
    /** TCP SYN whose sequence number equals the destination address: Mirai and its descendants. */
    MIRAI,
    /** masscan's SYN: IP id derived from destination address, port and sequence number. */
    MASSCAN,
    /** ZMap's SYN: IP id 54321. */
    ZMAP,
    /** The source address is likely forged (corsaro3-style heuristics: unroutable sources and the like). */
    SPOOFED;

    public int bit() {
        return 1 << ordinal();
    }

    public boolean in(int tags) {
        return (tags & bit()) != 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Set<PacketTag> of(int tags) {
        Set<PacketTag> set = EnumSet.noneOf(PacketTag.class);
        for (PacketTag t : values()) {
            if (t.in(tags)) {
                set.add(t);
            }
        }
        return set;
    }
}
