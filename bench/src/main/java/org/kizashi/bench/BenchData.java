package org.kizashi.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.telescope.analyze.DarknetSpace;
import org.kizashi.telescope.capture.CaptureReader;
import org.kizashi.telescope.classify.Classifier;
import org.kizashi.telescope.decode.DecodedPacket;
import org.kizashi.telescope.decode.PacketDecoder;
import org.kizashi.telescope.enrich.SourceEnricher;

/** Inputs of the benchmarks, made from the benchmark capture. */
public final class BenchData {
    private BenchData() {
    }

    /** The darknet of {@link BenchCapture}: its IPv4 and IPv6 prefixes. */
    public static DarknetSpace darknet() {
        return DarknetSpace.of(List.of(IpPrefix.parse(BenchCapture.DARKNET_V4),
                IpPrefix.parse(BenchCapture.DARKNET_V6)));
    }

    /**
     * The darknet packets of a capture, classified and enriched as {@code TelescopeAnalysis} does it, in capture order:
     * the input of the aggregation benchmark, built once so that it measures aggregation alone.
     */
    public static DarknetPacket[] darknetPackets(Path capture, SourceEnricher enricher) throws IOException {
        DarknetSpace darknet = darknet();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        Classifier classifier = new Classifier();
        DarknetPacket[][] packets = {new DarknetPacket[1 << 20]};
        int[] n = {0};
        try (CaptureReader reader = CaptureReader.open(capture)) {
            reader.read((time, linkType, buffer, offset, captured, original) -> {
                if (!decoder.decode(linkType, buffer, offset, captured, original, time, d)
                        || !darknet.contains(d.destinationHigh, d.destinationLow)) {
                    return;
                }
                int port = d.icmpType >= 0 ? d.icmpType : d.destinationPort;
                DarknetPacket packet = new DarknetPacket(Math.floorDiv(d.timestampNanos, 1000), d.sourceHigh,
                        d.sourceLow, d.destinationHigh, d.destinationLow, d.protocol, d.sourcePort, port,
                        d.ipLength > 0 ? d.ipLength : d.wireLength, classifier.classify(d), classifier.tags(d),
                        enricher.country(d.sourceHigh, d.sourceLow), enricher.asn(d.sourceHigh, d.sourceLow));
                if (n[0] == packets[0].length) {
                    packets[0] = Arrays.copyOf(packets[0], 2 * n[0]);
                }
                packets[0][n[0]++] = packet;
            });
        }
        return Arrays.copyOf(packets[0], n[0]);
    }
}
