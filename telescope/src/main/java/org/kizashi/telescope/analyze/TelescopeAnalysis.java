package org.kizashi.telescope.analyze;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.kizashi.aggregate.DarknetAccumulator;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.capture.FrameSink;
import org.kizashi.telescope.classify.Classifier;
import org.kizashi.telescope.decode.DecodedPacket;
import org.kizashi.telescope.decode.PacketDecoder;
import org.kizashi.telescope.detect.BackscatterDetector;
import org.kizashi.telescope.detect.InfectedHostDetector;
import org.kizashi.telescope.detect.SurgeDetector;

/**
 * The telescope's pipeline for one stream of frames: decode, keep darknet packets, classify, enrich, aggregate, and
 * run the detectors (DoS backscatter, port surges, organisations' infected hosts). Feed it frames (it is a
 * {@link FrameSink}, so {@code reader.read(analysis)} works), then call {@link #finish()} at the end of the input.
 * Alerts go to the consumer given, as they are found. Not thread-safe: one analysis per capture stream.
 *
 * <p>A frame that is not a usable IP packet is counted as malformed and skipped; nothing in a frame can stop the
 * analysis.
 *
 * <p>To use several cores, {@link #shard} makes analyses that each read the whole input but keep a disjoint part of
 * it: the aggregates and DAEDALUS hosts of a share of the sources, the DoS vectors of a share of the victims, the
 * surges of a share of the ports. Each decodes every frame, so each counts all frames. Merging their accumulators and
 * joining their alerts gives what one analysis of the input gives (ADR 0016).
 */
public final class TelescopeAnalysis implements FrameSink {
    /** How long an organisation's host must be quiet before its DAEDALUS alert is reported. */
    static final Duration INFECTED_HOST_QUIET = Duration.ofMinutes(10);

    private final AnalysisSettings settings;
    private final DarknetAggregator aggregator;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket decoded = new DecodedPacket();
    private final Classifier classifier = new Classifier();
    private final DarknetSpace darknet;
    private final BackscatterDetector backscatter;
    private final SurgeDetector surges;
    private final InfectedHostDetector infectedHosts;
    private final int shard;
    private final int shards;
    private Consumer<? super DarknetPacket> tap = p -> { };
    private DarknetAccumulator accumulator;
    private long total;
    private long darknetPackets;
    private long notDarknet;
    private long malformed;
    private PacketCounts taken = PacketCounts.ZERO;

    public TelescopeAnalysis(AnalysisSettings settings, Consumer<? super TelescopeAlert> alerts) {
        this(settings, 0, 1, alerts);
    }

    /**
     * Shard {@code shard} of {@code shards} analyses of one input (see the class comment). Each shard is fed every
     * frame of the input, typically on a thread of its own; {@link #counts()} is then the same in every shard.
     */
    public static TelescopeAnalysis shard(AnalysisSettings settings, int shard, int shards,
                                          Consumer<? super TelescopeAlert> alerts) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards + " does not exist");
        }
        return new TelescopeAnalysis(settings, shard, shards, alerts);
    }

    private TelescopeAnalysis(AnalysisSettings settings, int shard, int shards,
                              Consumer<? super TelescopeAlert> alerts) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(alerts, "alerts");
        this.shard = shard;
        this.shards = shards;
        this.aggregator = new DarknetAggregator(settings.aggregation());
        this.accumulator = aggregator.create();
        this.darknet = settings.darknet();
        this.backscatter = new BackscatterDetector(settings.dos(), settings.enricher(), alerts::accept);
        this.surges = new SurgeDetector(settings.surges(), alerts::accept);
        this.infectedHosts = new InfectedHostDetector(settings.organisationNetworks(), INFECTED_HOST_QUIET,
                alerts::accept);
    }

    public AnalysisSettings settings() {
        return settings;
    }

    /**
     * Also hands every darknet packet to {@code listener}, after aggregation (for a live view that samples them). The
     * listener runs on the reading thread and must be cheap.
     */
    public void tap(Consumer<? super DarknetPacket> listener) {
        this.tap = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void frame(long timestampNanos, int linkType, byte[] buffer, int offset, int capturedLength,
                      int originalLength) {
        total++;
        if (!decoder.decode(linkType, buffer, offset, capturedLength, originalLength, timestampNanos, decoded)) {
            malformed++;
            return;
        }
        DecodedPacket d = decoded;
        if (!darknet.contains(d.destinationHigh, d.destinationLow)) {
            notDarknet++;
            return;
        }
        darknetPackets++;
        long micros = Math.floorDiv(d.timestampNanos, 1000);
        PacketClass packetClass = classifier.classify(d);
        int destinationPort = d.icmpType >= 0 ? d.icmpType : d.destinationPort;
        boolean ownSource = owns(d.sourceHigh, d.sourceLow);
        boolean ownPort = (d.protocol == 6 || d.protocol == 17) && owns(d.protocol, destinationPort);
        boolean backscattered = packetClass == PacketClass.BACKSCATTER;
        boolean ownVictim = backscattered && (BackscatterDetector.quotesVictim(d)
                ? owns(d.quotedDestinationHigh, d.quotedDestinationLow) : ownSource);
        if (!ownSource && !ownPort && !ownVictim) {
            backscatter.advance(micros);
            surges.advance(micros);
            infectedHosts.advance(micros);
            return;
        }
        String country = "";
        long asn = 0;
        if (ownSource || ownPort) { // the surge detector names the countries of a port's sources
            country = settings.enricher().country(d.sourceHigh, d.sourceLow);
            asn = settings.enricher().asn(d.sourceHigh, d.sourceLow);
        }
        DarknetPacket packet = new DarknetPacket(micros, d.sourceHigh, d.sourceLow, d.destinationHigh,
                d.destinationLow, d.protocol, d.sourcePort, destinationPort,
                d.ipLength > 0 ? d.ipLength : d.wireLength, packetClass, classifier.tags(d), country, asn);
        if (ownSource) {
            aggregator.add(packet, accumulator);
        }
        if (backscattered && !ownVictim) {
            backscatter.advance(micros);
        } else {
            backscatter.add(packet, d);
        }
        if (ownPort) {
            surges.add(packet);
        } else {
            surges.advance(micros);
        }
        if (ownSource) {
            infectedHosts.add(packet);
            tap.accept(packet);
        } else {
            infectedHosts.advance(micros);
        }
    }

    /** Whether this shard follows an address (source or victim); spreads addresses evenly whatever their structure. */
    private boolean owns(long high, long low) {
        return shards == 1 || ownsHash((high * 0xC2B2_AE3D_27D4_EB4FL ^ low) * 0x9E37_79B9_7F4A_7C15L);
    }

    /** Whether this shard watches a TCP or UDP port for surges. */
    private boolean owns(int protocol, int port) {
        return shards == 1 || ownsHash(((long) protocol << 16 | port) * 0x9E37_79B9_7F4A_7C15L);
    }

    /** The shard of a well-mixed hash: its upper half scaled to the number of shards. */
    private boolean ownsHash(long hash) {
        return (int) (((hash >>> 32) * shards) >>> 32) == shard;
    }

    /**
     * The input has ended: reports what the detectors still hold (attacks in progress, the last surge interval, hosts
     * not yet quiet). Call once, after the last frame.
     */
    public void finish() {
        backscatter.finish();
        surges.finish();
        infectedHosts.finish();
    }

    /** Frames seen so far, since the start. */
    public PacketCounts counts() {
        return new PacketCounts(total, darknetPackets, notDarknet, malformed);
    }

    /** Everything aggregated since the start, or since the last {@link #takeAccumulator()}. */
    public DarknetAccumulator accumulator() {
        return accumulator;
    }

    /**
     * Hands over what was aggregated since the last call and starts a fresh accumulator: a live sensor's partial
     * aggregate, which the server merges with the others.
     */
    public DarknetAccumulator takeAccumulator() {
        DarknetAccumulator partial = accumulator;
        accumulator = aggregator.create();
        return partial;
    }

    /** The counts since the last call (or the start), for a sensor's partial report. */
    public PacketCounts takeCounts() {
        PacketCounts now = counts();
        PacketCounts delta = new PacketCounts(now.total() - taken.total(), now.darknet() - taken.darknet(),
                now.notDarknet() - taken.notDarknet(), now.malformed() - taken.malformed());
        taken = now;
        return delta;
    }
}
