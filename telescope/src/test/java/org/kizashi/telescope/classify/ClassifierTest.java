package org.kizashi.telescope.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.telescope.decode.DecodedPacket;
import org.kizashi.telescope.decode.TcpFlags;

class ClassifierTest {
    private final Classifier classifier = new Classifier();

    /** A TCP packet between two ordinary, routable addresses, with the given flags. */
    private static DecodedPacket tcp(String source, String destination, int destinationPort, int flags) {
        DecodedPacket p = ip(source, destination, 6);
        p.sourcePort = 40_000;
        p.destinationPort = destinationPort;
        p.tcpFlags = flags;
        p.tcpSequence = 12345;
        p.ipId = 777;
        return p;
    }

    private static DecodedPacket ip(String source, String destination, int protocol) {
        DecodedPacket p = new DecodedPacket();
        p.reset();
        IpAddress s = IpAddress.parse(source);
        IpAddress d = IpAddress.parse(destination);
        p.ipVersion = s.isV4() ? 4 : 6;
        p.sourceHigh = s.high();
        p.sourceLow = s.low();
        p.destinationHigh = d.high();
        p.destinationLow = d.low();
        p.protocol = protocol;
        p.ttl = 52;
        return p;
    }

    private static DecodedPacket icmp(int protocol, int type) {
        DecodedPacket p = ip(protocol == 58 ? "2400:cb00::1" : "45.33.32.156", protocol == 58 ? "2404:6800::1" : "133.1.2.3", protocol);
        p.icmpType = type;
        p.icmpCode = 0;
        return p;
    }

    @Test
    void tcpByFlags() {
        assertThat(classifier.classify(tcp("45.33.32.156", "133.1.2.3", 23, TcpFlags.SYN))).isEqualTo(PacketClass.SCAN);
        assertThat(classifier.classify(tcp("45.33.32.156", "133.1.2.3", 23, TcpFlags.SYN | 0x40 | 0x80))).isEqualTo(PacketClass.SCAN);
        assertThat(classifier.classify(tcp("45.33.32.156", "133.1.2.3", 23, TcpFlags.SYN | TcpFlags.ACK))).isEqualTo(PacketClass.BACKSCATTER);
        assertThat(classifier.classify(tcp("45.33.32.156", "133.1.2.3", 23, TcpFlags.RST))).isEqualTo(PacketClass.BACKSCATTER);
        assertThat(classifier.classify(tcp("45.33.32.156", "133.1.2.3", 23, TcpFlags.RST | TcpFlags.ACK))).isEqualTo(PacketClass.BACKSCATTER);
        assertThat(classifier.classify(tcp("45.33.32.156", "133.1.2.3", 23, TcpFlags.ACK))).isEqualTo(PacketClass.OTHER);
        assertThat(classifier.classify(tcp("45.33.32.156", "133.1.2.3", 23, TcpFlags.FIN))).isEqualTo(PacketClass.OTHER);
        assertThat(classifier.classify(ip("45.33.32.156", "133.1.2.3", 17))).isEqualTo(PacketClass.UDP);
        assertThat(classifier.classify(ip("45.33.32.156", "133.1.2.3", 47))).isEqualTo(PacketClass.OTHER);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 4, 5, 11, 12, 14, 16, 18})
    void icmpBackscatterTypesAreCorsaros(int type) {
        assertThat(classifier.classify(icmp(1, type))).isEqualTo(PacketClass.BACKSCATTER);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 13, 15, 17, 10})
    void otherIcmpTypesAreRequests(int type) {
        assertThat(classifier.classify(icmp(1, type))).isEqualTo(PacketClass.ICMP_REQUEST);
    }

    @Test
    void icmpv6() {
        assertThat(classifier.classify(icmp(58, 128))).isEqualTo(PacketClass.ICMP_REQUEST);
        assertThat(classifier.classify(icmp(58, 129))).isEqualTo(PacketClass.BACKSCATTER);
        assertThat(classifier.classify(icmp(58, 1))).isEqualTo(PacketClass.BACKSCATTER);
        assertThat(classifier.classify(icmp(58, 135))).isEqualTo(PacketClass.OTHER);
    }

    @Test
    void miraiPutsTheDestinationInTheSequenceNumber() {
        DecodedPacket p = tcp("45.33.32.156", "133.1.2.3", 23, TcpFlags.SYN);
        p.tcpSequence = 0x85010203L; // 133.1.2.3
        assertThat(PacketTag.of(classifier.tags(p))).containsExactly(PacketTag.MIRAI);
        p.tcpFlags = TcpFlags.SYN | TcpFlags.ACK;
        assertThat(PacketTag.of(classifier.tags(p))).doesNotContain(PacketTag.MIRAI);
    }

    @Test
    void zmapAndMasscanFingerprints() {
        DecodedPacket zmap = tcp("45.33.32.156", "133.1.2.3", 443, TcpFlags.SYN);
        zmap.ipId = 54321;
        assertThat(PacketTag.of(classifier.tags(zmap))).containsExactly(PacketTag.ZMAP);

        DecodedPacket masscan = tcp("45.33.32.156", "133.1.2.3", 8080, TcpFlags.SYN);
        masscan.tcpSequence = 0x1234_5678L;
        masscan.ipId = (int) ((0x85010203L ^ 8080 ^ 0x1234_5678L) & 0xffff);
        assertThat(PacketTag.of(classifier.tags(masscan))).containsExactly(PacketTag.MASSCAN);
    }

    @Test
    void spoofingHeuristics() {
        assertThat(PacketTag.of(classifier.tags(tcp("45.33.32.156", "133.1.2.3", 22, TcpFlags.SYN)))).isEmpty();
        assertThat(spoofed(tcp("10.1.2.3", "133.1.2.3", 22, TcpFlags.SYN))).as("private source").isTrue();
        assertThat(spoofed(tcp("45.33.32.0", "133.1.2.3", 22, TcpFlags.SYN))).as("source ends in .0").isTrue();
        assertThat(spoofed(tcp("45.33.32.255", "133.1.2.3", 22, TcpFlags.SYN))).as("source ends in .255").isTrue();
        assertThat(spoofed(tcp("133.1.2.3", "133.1.2.3", 22, TcpFlags.SYN))).as("source is destination").isTrue();
        assertThat(spoofed(tcp("45.33.32.156", "133.1.2.3", 0, TcpFlags.SYN))).as("port 0").isTrue();
        DecodedPacket highTtl = tcp("45.33.32.156", "133.1.2.3", 22, TcpFlags.SYN);
        highTtl.ttl = 250;
        assertThat(spoofed(highTtl)).as("TTL above 200").isTrue();
        DecodedPacket fragment = ip("45.33.32.156", "133.1.2.3", 17);
        fragment.fragment = true;
        assertThat(spoofed(fragment)).as("fragment").isTrue();
        DecodedPacket udp80 = ip("45.33.32.156", "133.1.2.3", 17);
        udp80.sourcePort = 5353;
        udp80.destinationPort = 80;
        assertThat(spoofed(udp80)).as("UDP to port 80").isTrue();
        assertThat(spoofed(tcp("2400:cb00::1", "2404:6800::1", 22, TcpFlags.SYN))).isFalse();
        assertThat(spoofed(tcp("fe80::1", "2404:6800::1", 22, TcpFlags.SYN))).as("link-local v6").isTrue();
        assertThat(spoofed(tcp("2001:db8::1", "2404:6800::1", 22, TcpFlags.SYN))).as("documentation v6").isTrue();
    }

    private boolean spoofed(DecodedPacket p) {
        return PacketTag.SPOOFED.in(classifier.tags(p));
    }
}
