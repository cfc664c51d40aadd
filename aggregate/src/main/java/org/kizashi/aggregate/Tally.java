package org.kizashi.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Packets, bytes and distinct sources and destinations of one scope (everything, one class, one tag). */
final class Tally {
    long packets;
    long bytes;
    Object sources;
    Object destinations;

    /** Never a token (see {@link Uniques#FREE}): as a source token, "already counted". */
    static final int NO_TOKEN = Uniques.FREE;

    /** Counts a packet; a source token of {@link #NO_TOKEN} leaves the sources alone. */
    void add(int packetBytes, int sourceToken, int destinationToken, int precision) {
        packets++;
        bytes += packetBytes;
        if (sourceToken != NO_TOKEN) {
            sources = Uniques.add(sources, sourceToken, precision);
        }
        destinations = Uniques.add(destinations, destinationToken, precision);
    }

    void merge(Tally other, int precision) {
        packets += other.packets;
        bytes += other.bytes;
        sources = Uniques.union(sources, other.sources, precision);
        destinations = Uniques.union(destinations, other.destinations, precision);
    }

    DarknetSummary.Totals totals() {
        return new DarknetSummary.Totals(packets, bytes, Uniques.estimate(sources), Uniques.estimate(destinations));
    }

    void write(DataOutput out) throws IOException {
        Wire.writeVarLong(out, packets);
        Wire.writeVarLong(out, bytes);
        Uniques.write(out, sources);
        Uniques.write(out, destinations);
    }

    void read(DataInput in, int precision) throws IOException {
        packets = Wire.readCount(in, "packets");
        bytes = Wire.readCount(in, "bytes");
        sources = Uniques.read(in, precision);
        destinations = Uniques.read(in, precision);
    }
}
