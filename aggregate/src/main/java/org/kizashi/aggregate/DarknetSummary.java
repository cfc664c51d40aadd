package org.kizashi.aggregate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;

/**
 * What the darknet looked like over the packets aggregated: the result of {@link DarknetAggregator}. Immutable.
 * Unique counts ({@code sources}, {@code destinations}) are exact while small and UltraLogLog estimates beyond (see
 * {@link DarknetAggregatorConfig} for the precisions); packet and byte counts are always exact, except in
 * {@link #sources() per-source records} once the table had to evict (see {@link SourceRecord}).
 *
 * @param firstPacket capture time of the earliest packet, null when there was none
 * @param lastPacket  capture time of the latest packet, null when there was none
 * @param totals      all packets
 * @param byClass     per packet class, every class present (zero when not seen)
 * @param byTag       per tag, every tag present; a packet with several tags counts under each
 * @param series      per resolution kept, per key (in key order), the non-empty buckets in time order
 * @param top         top lists over everything aggregated
 * @param sources     per-source records, heaviest (most packets) first
 * @param sourceTable how complete {@code sources} is
 */
public record DarknetSummary(Instant firstPacket, Instant lastPacket, Totals totals, Map<PacketClass, Totals> byClass,
                             Map<PacketTag, Totals> byTag, Map<Resolution, Map<SeriesKey, List<Bucket>>> series,
                             TopLists top, List<SourceRecord> sources, SourceTableInfo sourceTable) {

    /** The buckets of one series at one resolution, in time order; empty when not kept or never seen. */
    public List<Bucket> series(Resolution resolution, SeriesKey key) {
        Map<SeriesKey, List<Bucket>> byKey = series.get(resolution);
        return byKey == null ? List.of() : byKey.getOrDefault(key, List.of());
    }

    /**
     * @param sources      distinct source addresses
     * @param destinations distinct destination addresses (darknet addresses hit)
     */
    public record Totals(long packets, long bytes, long sources, long destinations) {
        /** A distinct count cannot exceed the packets counted; an estimate's error may not make it do so. */
        public Totals {
            sources = Math.min(sources, packets);
            destinations = Math.min(destinations, packets);
        }
    }

    /** One time bucket of a series; {@code start} is aligned to the resolution in UTC. */
    public record Bucket(Instant start, long packets, long bytes, long sources, long destinations) {
        /** Estimates capped at the packet count, as in {@link Totals}. */
        public Bucket {
            sources = Math.min(sources, packets);
            destinations = Math.min(destinations, packets);
        }
    }

    /**
     * One row of a top list. Rows rank by distinct sources, then packets, then key: a port hit by many hosts matters
     * more than one flooded by a single host (NICTER's view).
     */
    public record TopEntry<K extends SeriesKey>(K key, long packets, long sources, long destinations) {
        /** Estimates capped at the packet count, as in {@link Totals}. */
        public TopEntry {
            sources = Math.min(sources, packets);
            destinations = Math.min(destinations, packets);
        }
    }

    /** Top destination ports, source countries and source ASes; unknown countries and ASes are left out. */
    public record TopLists(List<TopEntry<SeriesKey.Port>> ports, List<TopEntry<SeriesKey.Country>> countries,
                           List<TopEntry<SeriesKey.Asn>> asns) {
        public TopLists {
            ports = List.copyOf(ports);
            countries = List.copyOf(countries);
            asns = List.copyOf(asns);
        }
    }

    /**
     * What one source did. When {@code missedPacketsAtMost} is 0 the record is exact. Otherwise the source was
     * admitted to a full table (or merged from a partial aggregate that did not hold it): its true packet count lies in
     * [{@code packets}, {@code packets + missedPacketsAtMost}], and bytes, first seen, ports and destinations cover
     * only the packets counted (lower bounds).
     *
     * @param destinationPorts         the lowest distinct destination ports (ICMP: types) hit, at most 64
     * @param distinctDestinationPorts how many distinct ones: exact up to 64, estimated beyond
     * @param destinations             distinct destination addresses
     * @param destinationBlocks        distinct destination /24 (IPv4) or /64 (IPv6) networks
     * @param country                  of the latest packet, "" when unknown
     * @param asn                      of the latest packet, 0 when unknown
     */
    public record SourceRecord(IpAddress source, Instant firstSeen, Instant lastSeen, long packets,
                               long missedPacketsAtMost, long bytes, List<SeriesKey.Port> destinationPorts,
                               long distinctDestinationPorts, long destinations, long destinationBlocks,
                               Set<PacketTag> tags, String country, long asn) {
        public SourceRecord {
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * @param bound                  most sources kept
     * @param tracked                sources kept now
     * @param evictions              sources dropped to make room (a source may be dropped more than once)
     * @param untrackedPacketsAtMost no source missing from {@link #sources()} sent more packets than this; 0 when
     *                               nothing was ever dropped
     */
    public record SourceTableInfo(int bound, int tracked, long evictions, long untrackedPacketsAtMost) {
    }
}
