package org.kizashi.telescope.analyze;

/**
 * How the frames read were accounted for: {@code total = darknet + notDarknet + malformed}.
 *
 * @param malformed frames that are not a usable IP packet (truncated headers, unknown link or network types)
 */
public record PacketCounts(long total, long darknet, long notDarknet, long malformed) {
    public static final PacketCounts ZERO = new PacketCounts(0, 0, 0, 0);

    public PacketCounts plus(PacketCounts o) {
        return new PacketCounts(total + o.total, darknet + o.darknet, notDarknet + o.notDarknet,
                malformed + o.malformed);
    }
}
