package org.kizashi.server.telescope;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the telescope's JSON API and pages show, as plain records (serialised by Jackson as they are). */
public final class TelescopeViews {
    private TelescopeViews() {
    }

    /**
     * The telescope at a glance: see {@code GET /api/v1/telescope/overview} in openapi.yaml.
     *
     * @param firstPacket  earliest packet held in memory (the last {@code telescope.days-in-memory} days), or null
     * @param lastPacket   latest packet held, or null
     * @param days         UTC days with stored or held data, newest first
     * @param packetsLive  packets published to the live view since the server started (true counts)
     */
    public record Overview(Darknet darknet, Instant firstPacket, Instant lastPacket, Window window, Counts totals,
                           Map<String, Counts> byClass, Map<String, Counts> byTag, List<TopPort> topPorts,
                           List<TopCountry> topCountries, YearSummary year, List<LocalDate> days,
                           List<Sensor> sensors, long packetsLive, boolean demo, String enrichment) {
    }

    /**
     * @param prefixes      the configured darknet prefixes
     * @param ipv4Addresses IPv4 addresses they hold (overlaps counted once); 0 when none is configured
     */
    public record Darknet(List<String> prefixes, long ipv4Addresses) {
    }

    /**
     * The stretch of time a view covers: {@code kind} "day" (one UTC day) or "last24h" (the 24 hours up to the latest
     * packet, or now when there is none).
     */
    public record Window(String kind, LocalDate day, Instant from, Instant to) {
    }

    /**
     * Packets and bytes (exact) and distinct source and destination addresses (estimates beyond a few thousand).
     * Distinct counts are given for a UTC day only: null for "last24h", whose hours cannot be united exactly.
     */
    public record Counts(long packets, long bytes, Long sources, Long destinations) {
    }

    public record TopPort(String port, String protocol, int number, long sources, long packets) {
    }

    public record TopCountry(String country, long sources, long packets) {
    }

    /**
     * NICTER-style figures of one calendar year (UTC), so far when it is the current one.
     *
     * @param days              days with packets
     * @param darknetAddresses  IPv4 addresses of the configured darknet (0: not configured)
     * @param packetsPerAddress packets per darknet address, null when the darknet is not configured
     * @param iotShare          share of packets to the IoT ports (0 to 1), null without packets
     */
    public record YearSummary(int year, long packets, int days, long darknetAddresses, Double packetsPerAddress,
                              List<PortPackets> iotPorts, long iotPackets, Double iotShare) {
    }

    /** @param share of all packets of the year (0 to 1), null without packets */
    public record PortPackets(String port, long packets, Double share) {
    }

    /** @param lastReport server time of the last report, null for data only read from the database */
    public record Sensor(String name, Instant lastReport, Instant lastPacket) {
    }

    /**
     * One time series: {@code kept} is false when the aggregation does not keep this kind of key at this resolution
     * (ports per minute, by default), and the buckets are then empty.
     */
    public record Series(String key, String resolution, Instant from, Instant to, boolean kept, List<Bucket> buckets) {
    }

    /** One bucket; zero-filled where nothing was seen. {@code sources}: distinct source addresses in the bucket. */
    public record Bucket(Instant start, long packets, long sources) {
    }

    /**
     * A stored alert with its evidence (fields by kind: see openapi.yaml).
     *
     * @param organisationId for DAEDALUS alerts: the organisation whose host it is; null otherwise
     */
    public record Alert(long id, String kind, Instant start, Instant end, Long organisationId, String organisation,
                        Map<String, Object> evidence) {
    }

    /** What an accepted report changed. */
    public record IngestResult(String sensor, LocalDate day, long packets, int samples, List<Long> alertIds) {
    }
}
