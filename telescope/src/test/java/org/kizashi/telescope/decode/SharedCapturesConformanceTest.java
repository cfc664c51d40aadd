package org.kizashi.telescope.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;
import org.kizashi.telescope.capture.CaptureFormat;
import org.kizashi.telescope.capture.CaptureReader;

/**
 * The real DDoS and scan captures of ../shared/data/pcap (StopDDoS/packet-captures, with thanks) read completely,
 * with the packet counts their README gives, decode as IP, and hold what tcpdump finds in them.
 */
@Tag("shared-data")
class SharedCapturesConformanceTest {
    private static final Pattern README_ROW = Pattern.compile("^\\| (\\S+\\.pcap(?:ng)?) \\| [\\d,]+ \\| ([\\d,]+) \\|");

    private static Path captures() {
        Path dir = Path.of(System.getProperty("kizashi.shared.data", "../../shared/data"), "pcap");
        assertThat(dir).as("captures from ../shared/data (see its README)").isDirectory();
        return dir;
    }

    /** Counts of what each capture holds, gathered in one pass. */
    static final class Census {
        final DecodedPacket out = new DecodedPacket();
        final PacketDecoder decoder = new PacketDecoder();
        final Map<String, Integer> counts = new TreeMap<>();
        final Set<IpAddress> sources = new HashSet<>();
        final Set<String> destinations = new HashSet<>();
        long frames;
        long first = Long.MAX_VALUE;
        long last;
        CaptureFormat format;

        void add(String key) {
            counts.merge(key, 1, Integer::sum);
        }

        int count(String key) {
            return counts.getOrDefault(key, 0);
        }
    }

    private static Census census(Path file) throws IOException {
        Census c = new Census();
        try (CaptureReader reader = CaptureReader.open(file)) {
            c.frames = reader.read((time, linkType, buffer, offset, captured, original) -> {
                c.first = Math.min(c.first, time);
                c.last = Math.max(c.last, time);
                DecodedPacket p = c.out;
                if (!c.decoder.decode(linkType, buffer, offset, captured, original, time, p)) {
                    c.add("failed " + c.decoder.lastFailure());
                    return;
                }
                c.add("ip" + p.ipVersion);
                c.add("protocol " + p.protocol);
                c.sources.add(p.source());
                c.destinations.add(p.destination() + (p.destinationPort != 0 ? ":" + p.destinationPort : ""));
                if (p.fragment) {
                    c.add("fragment");
                }
                if (p.transportTruncated) {
                    c.add("truncated");
                }
                if (p.tcpFlags >= 0) {
                    c.add("tcp " + TcpFlags.toString(p.tcpFlags));
                    if (p.hasTcpFlags(TcpFlags.SYN | TcpFlags.ACK)) {
                        c.add("syn-ack");
                    }
                    if (p.hasTcpFlags(TcpFlags.RST)) {
                        c.add("rst");
                    }
                }
                if (p.protocol == 17) {
                    c.add("udp from " + p.sourcePort);
                }
                if (p.icmpType >= 0) {
                    c.add("icmp " + p.icmpType);
                }
                if (p.hasQuoted) {
                    c.add("quoted protocol " + p.quotedProtocol);
                    if (p.quotedSourcePort != 0 && p.quotedDestinationPort != 0) {
                        c.add("quoted ports");
                    }
                }
            });
            assertThat(reader.position()).isEqualTo(reader.size());
            c.format = reader.format();
        }
        return c;
    }

    @Test
    void everyCaptureHasTheReadmePacketCountAndDecodesAsIp() throws IOException {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(captures().resolve("README.md"))) {
            Matcher m = README_ROW.matcher(line);
            if (m.find()) {
                expected.put(m.group(1), Long.parseLong(m.group(2).replace(",", "")));
            }
        }
        assertThat(expected).hasSize(8);
        try (Stream<Path> files = Files.list(captures())) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".pcap")))
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
        }
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            Census c = census(captures().resolve(e.getKey()));
            assertThat(c.frames).as("frames in %s", e.getKey()).isEqualTo(e.getValue());
            int ip = c.count("ip4") + c.count("ip6");
            // The only frames that are not IP: 4 ARP requests in the reflection capture.
            int notIp = e.getKey().equals("amp.TCP.reflection.SYNACK.pcap") ? 4 : 0;
            assertThat(ip).as("IP packets in %s: %s", e.getKey(), c.counts).isEqualTo(e.getValue() - notIp);
            assertThat(c.count("failed NOT_IP")).isEqualTo(notIp);
            assertThat(c.count("truncated")).as("nothing is cut short in %s", e.getKey()).isZero();
            // Every file, whatever its name says, is classic pcap.
            assertThat(c.format).isEqualTo(CaptureFormat.PCAP);
        }
    }

    @Test
    void tcpReflectionBackscatter() throws IOException {
        Census c = census(captures().resolve("amp.TCP.reflection.SYNACK.pcap"));
        assertThat(c.count("syn-ack")).isEqualTo(6651);
        assertThat(c.count("rst")).isEqualTo(1018);
        assertThat(c.count("icmp 3")).isEqualTo(153);
        assertThat(c.count("quoted protocol 6") + c.count("quoted protocol 17")).isEqualTo(153);
        assertThat(c.count("quoted protocol 6")).isEqualTo(139);
        assertThat(c.count("quoted ports")).isEqualTo(153);
        assertThat(c.count("protocol 6")).isEqualTo(7679);
        assertThat(c.count("protocol 17")).isEqualTo(164); // SNMP and OpenVPN answers, one fragmented
        assertThat(c.count("fragment")).isEqualTo(1);
        assertThat(c.sources).hasSize(7055);
        assertThat(c.destinations).allMatch(d -> d.startsWith("10.10.10.10"));
    }

    @Test
    void synFloodFromSpoofedSources() throws IOException {
        Census c = census(captures().resolve("pkt.TCP.synflood.spoofed.pcap"));
        assertThat(c.count("tcp S")).isEqualTo(37841);
        assertThat(c.sources).hasSize(37623);
        assertThat(c.destinations).containsExactly("10.10.10.10:25565");
        assertThat(c.last - c.first).isEqualTo(23_683_853_000L); // 23.7 s
    }

    @Test
    void synFloodWithEcnAndCwr() throws IOException {
        Census c = census(captures().resolve("pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng"));
        assertThat(c.count("tcp SEW")).isEqualTo(9639);
        assertThat(c.count("rst")).isEqualTo(239);
        assertThat(c.sources).hasSize(9697);
        assertThat(c.destinations).containsExactly("10.10.10.10:30120");
    }

    @Test
    void synAndSynAckMix() throws IOException {
        Census c = census(captures().resolve("amp.TCP.syn.optionallyACK.optionallysamePort.pcapng"));
        assertThat(c.count("tcp S")).isEqualTo(344);
        assertThat(c.count("tcp S.")).isEqualTo(542);
        assertThat(c.count("tcp SEW")).isEqualTo(10);
    }

    @Test
    void udpAmplification() throws IOException {
        Census bacnet = census(captures().resolve("amp.UDP.bacnet.IOT.37810.pcapng"));
        assertThat(bacnet.count("protocol 17")).isEqualTo(9462);
        assertThat(bacnet.count("udp from 47808")).isEqualTo(6737); // BACnet's port; 37810 only 2,377 times
        assertThat(bacnet.count("udp from 37810")).isEqualTo(2377);
        assertThat(bacnet.count("quoted protocol 17")).isEqualTo(155);

        Census isakmp = census(captures().resolve("amp.UDP.isakmp.pcap"));
        assertThat(isakmp.count("udp from 4500")).isEqualTo(3984); // IPsec NAT traversal, not 500

        Census snmp = census(captures().resolve("amp.UDP.snmp.src161.pcapng"));
        assertThat(snmp.count("udp from 161")).isEqualTo(4079);
        assertThat(snmp.count("icmp 5")).as("redirects quote too").isEqualTo(4);
        assertThat(snmp.count("quoted protocol 6") + snmp.count("quoted protocol 17")).isEqualTo(294);
        assertThat(snmp.count("quoted ports")).isEqualTo(294);
    }

    @Test
    void dnsAmplificationWithFragments() throws IOException {
        Census c = census(captures().resolve("amp.dns.RRSIG.fragmented.pcap"));
        assertThat(c.count("fragment")).isEqualTo(726);
        assertThat(c.count("ip6")).isEqualTo(15);
        assertThat(c.count("protocol 6")).isEqualTo(3104);
        assertThat(c.count("protocol 17")).isEqualTo(1300);
        assertThat(c.count("icmp 8")).isEqualTo(7);
        assertThat(c.count("protocol 47")).isEqualTo(1); // one GRE packet
        assertThat(c.count("udp from 53")).isEqualTo(547);
    }
}
