package org.kizashi.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the packets a benchmark handled; JMH reports it as a rate next to the score, as
 * {@code <benchmark>:packets} in ops/s, that is packets per second.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PacketCounter {
    public long packets;

    @Setup(Level.Iteration)
    public void reset() {
        packets = 0;
    }
}
