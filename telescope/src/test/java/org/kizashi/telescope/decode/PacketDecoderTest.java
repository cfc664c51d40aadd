package org.kizashi.telescope.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kizashi.core.net.IpAddress;
import org.kizashi.telescope.capture.CaptureReader;
import org.kizashi.telescope.capture.LinkType;
import org.kizashi.telescope.capture.PacketBuilder;
import org.kizashi.telescope.capture.PcapWriter;
import org.kizashi.telescope.capture.TestCaptures;

/** Frames built by {@link PacketBuilder}, through {@link PcapWriter} and {@link CaptureReader}, decode to what was built. */
class PacketDecoderTest {
    private static final long TIME = 1_700_000_000_123_456_000L;

    private final PacketDecoder decoder = new PacketDecoder();

    static Stream<Arguments> linkTypes() {
        List<Arguments> cases = new ArrayList<>();
        for (int linkType : new int[] {LinkType.NULL, LinkType.ETHERNET, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14,
                LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL, LinkType.LINUX_SLL2}) {
            cases.add(Arguments.of(linkType, false));
            cases.add(Arguments.of(linkType, true));
        }
        cases.add(Arguments.of(LinkType.IPV4, false));
        cases.add(Arguments.of(LinkType.IPV6, true));
        return cases.stream();
    }

    @ParameterizedTest(name = "link type {0}, IPv6 {1}")
    @MethodSource("linkTypes")
    void everyLinkTypeRoundTrips(int linkType, boolean v6) throws IOException {
        PacketBuilder syn = PacketBuilder.tcp()
                .src(v6 ? "2001:db8::1" : "192.0.2.1", 40000).dst(v6 ? "2001:db8:ff::5" : "203.0.113.5", 23)
                .syn().seq(0xcb007105L).ipId(54321).ttl(64).window(14600);
        byte[] frame = syn.frame(linkType);
        DecodedPacket p = single(PcapWriter.options().linkType(linkType), frame);
        assertThat(p.ipVersion).isEqualTo(v6 ? 6 : 4);
        assertThat(p.source()).isEqualTo(IpAddress.parse(v6 ? "2001:db8::1" : "192.0.2.1"));
        assertThat(p.destination()).isEqualTo(IpAddress.parse(v6 ? "2001:db8:ff::5" : "203.0.113.5"));
        assertThat(p.protocol).isEqualTo(6);
        assertThat(p.sourcePort).isEqualTo(40000);
        assertThat(p.destinationPort).isEqualTo(23);
        assertThat(p.tcpFlags).isEqualTo(TcpFlags.SYN);
        assertThat(p.tcpSequence).isEqualTo(0xcb007105L);
        assertThat(p.tcpWindow).isEqualTo(14600);
        assertThat(p.ttl).isEqualTo(64);
        assertThat(p.ipId).isEqualTo(v6 ? 0 : 54321);
        assertThat(p.ipLength).isEqualTo(v6 ? 60 : 40);
        assertThat(p.ipCapturedLength).isEqualTo(p.ipLength);
        assertThat(p.wireLength).isEqualTo(frame.length);
        assertThat(p.timestampNanos).isEqualTo(TIME);
        assertThat(p.transportTruncated).isFalse();
        assertThat(p.fragment).isFalse();
        assertThat(p.hasQuoted).isFalse();
        assertThat(p.icmpType).isEqualTo(-1);
    }

    @Test
    void ipv4AddressesUseTheMappedForm() {
        DecodedPacket p = decode(LinkType.RAW, PacketBuilder.udp().src("192.0.2.1", 1).dst("203.0.113.5", 2).ip());
        assertThat(p.sourceHigh).isZero();
        assertThat(p.sourceLow).isEqualTo(DecodedPacket.v4Low(0xc0000201));
        assertThat(p.destinationV4()).isEqualTo(0xcb007105);
        assertThat(p.isV4()).isTrue();
    }

    @Test
    void loopbackFamiliesInEitherByteOrder() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            assertThat(decode(LinkType.NULL, PacketBuilder.udp().loopback(order)).ipVersion).isEqualTo(4);
            for (int family : new int[] {24, 28, 30}) {
                byte[] frame = PacketBuilder.udp().src("2001:db8::1", 1).dst("2001:db8::2", 2).loopback(order, family);
                assertThat(decode(LinkType.NULL, frame).ipVersion).isEqualTo(6);
                assertThat(decode(LinkType.LOOP, frame).ipVersion).isEqualTo(6);
            }
            assertThat(failure(LinkType.NULL, PacketBuilder.udp().loopback(order, 7))).isEqualTo(DecodeFailure.NOT_IP);
        }
    }

    @Test
    void stackedVlanTags() {
        PacketBuilder udp = PacketBuilder.udp().src("2001:db8::1", 5353).dst("2001:db8::2", 53);
        assertThat(decode(LinkType.ETHERNET, udp.vlan(100).ethernet()).destinationPort).isEqualTo(53);
        assertThat(decode(LinkType.ETHERNET, udp.vlan(0x88a8, 200).ethernet()).destinationPort).isEqualTo(53);
        byte[] triple = PacketBuilder.tcp().syn().vlan(0x9100, 1).vlan(0x88a8, 2).vlan(3).ethernet();
        assertThat(decode(LinkType.ETHERNET, triple).tcpFlags).isEqualTo(TcpFlags.SYN);
        byte[] cutInTag = Arrays.copyOf(PacketBuilder.tcp().vlan(5).vlan(6).ethernet(), 16);
        assertThat(failure(LinkType.ETHERNET, cutInTag)).isEqualTo(DecodeFailure.TRUNCATED_LINK_HEADER);
    }

    @Test
    void ipv4OptionsLengthenTheHeader() {
        byte[] frame = PacketBuilder.tcp().ack(5).ipOptions(new byte[40]).ethernet();
        DecodedPacket p = decode(LinkType.ETHERNET, frame);
        assertThat(p.ipLength).isEqualTo(60 + 20);
        assertThat(p.tcpAcknowledgement).isEqualTo(5);
        assertThat(p.tcpFlags).isEqualTo(TcpFlags.ACK);
    }

    @Test
    void tcpFieldsIncludingEcnFlags() {
        byte[] frame = PacketBuilder.tcp().src("198.51.100.9", 443).dst("203.0.113.5", 52085).synAck().ece().cwr()
                .seq(3856744914L).ack(1298760120L).window(29200).tcpOptions((byte) 2, (byte) 4, (byte) 5, (byte) 0x78)
                .payload(10).ethernet();
        DecodedPacket p = decode(LinkType.ETHERNET, frame);
        assertThat(p.tcpFlags).isEqualTo(0xd2);
        assertThat(p.hasTcpFlags(TcpFlags.SYN | TcpFlags.ACK | TcpFlags.ECE | TcpFlags.CWR)).isTrue();
        assertThat(p.tcpSequence).isEqualTo(3856744914L);
        assertThat(p.tcpAcknowledgement).isEqualTo(1298760120L);
        assertThat(p.tcpWindow).isEqualTo(29200);
        assertThat(p.sourcePort).isEqualTo(443);
        assertThat(TcpFlags.toString(p.tcpFlags)).isEqualTo("SEW.");
    }

    @Test
    void ethernetPaddingIsNotPartOfTheIpPacket() {
        byte[] frame = PacketBuilder.tcp().rst().ethernet();
        assertThat(frame).hasSize(60);
        DecodedPacket p = decode(LinkType.ETHERNET, frame);
        assertThat(p.ipLength).isEqualTo(40);
        assertThat(p.ipCapturedLength).isEqualTo(40);
        assertThat(p.wireLength).isEqualTo(60);
    }

    @Test
    void udpAndSctpPorts() {
        assertThat(decode(LinkType.RAW, PacketBuilder.udp().src("192.0.2.1", 161).dst("192.0.2.2", 4444).ip()))
                .satisfies(p -> {
                    assertThat(p.protocol).isEqualTo(17);
                    assertThat(p.sourcePort).isEqualTo(161);
                    assertThat(p.destinationPort).isEqualTo(4444);
                    assertThat(p.tcpFlags).isEqualTo(-1);
                });
        byte[] sctp = PacketBuilder.ip(132).payload(new byte[] {0x0b, 0x59, 0x0b, 0x59, 0, 0, 0, 0, 0, 0, 0, 0}).ip();
        DecodedPacket p = decode(LinkType.RAW, sctp);
        assertThat(p.protocol).isEqualTo(132);
        assertThat(p.destinationPort).isEqualTo(2905);
        DecodedPacket gre = decode(LinkType.RAW, PacketBuilder.ip(47).payload(20).ip());
        assertThat(gre.protocol).isEqualTo(47);
        assertThat(gre.sourcePort).isZero();
        assertThat(gre.transportTruncated).isFalse();
    }

    @Test
    void icmpEchoHasNoQuote() {
        DecodedPacket p = decode(LinkType.ETHERNET, PacketBuilder.icmp(8, 0).icmpRest(0x12340001).payload(56).ethernet());
        assertThat(p.protocol).isEqualTo(1);
        assertThat(p.icmpType).isEqualTo(8);
        assertThat(p.icmpCode).isZero();
        assertThat(p.hasQuoted).isFalse();
        assertThat(p.sourcePort).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 11, 12})
    void icmpErrorsQuoteTheOffendingHeader(int type) {
        PacketBuilder offending = PacketBuilder.tcp().src("203.0.113.5", 40000).dst("198.51.100.7", 443).syn();
        byte[] frame = PacketBuilder.icmp(type, 1).src("198.51.100.1").dst("203.0.113.5").quote(offending).ethernet();
        DecodedPacket p = decode(LinkType.ETHERNET, frame);
        assertThat(p.icmpType).isEqualTo(type);
        assertThat(p.icmpCode).isEqualTo(1);
        assertThat(p.hasQuoted).isTrue();
        assertThat(p.quotedSource()).isEqualTo(IpAddress.parse("203.0.113.5"));
        assertThat(p.quotedDestination()).isEqualTo(IpAddress.parse("198.51.100.7"));
        assertThat(p.quotedProtocol).isEqualTo(6);
        assertThat(p.quotedSourcePort).isEqualTo(40000);
        assertThat(p.quotedDestinationPort).isEqualTo(443);
        assertThat(p.sourcePort).as("ICMP has no ports of its own").isZero();
    }

    @Test
    void icmpQuotesCutShortKeepWhatIsThere() {
        PacketBuilder offending = PacketBuilder.udp().src("203.0.113.5", 5353).dst("198.51.100.7", 53).payload(100);
        // RFC 792: the IP header and 8 bytes.
        DecodedPacket classic = decode(LinkType.RAW, PacketBuilder.icmp(3, 3).quote(offending).quoteLength(28).ip());
        assertThat(classic.quotedDestinationPort).isEqualTo(53);
        // Too little for the ports: the addresses still count.
        DecodedPacket noPorts = decode(LinkType.RAW, PacketBuilder.icmp(3, 3).quote(offending).quoteLength(22).ip());
        assertThat(noPorts.hasQuoted).isTrue();
        assertThat(noPorts.quotedProtocol).isEqualTo(17);
        assertThat(noPorts.quotedDestinationPort).isZero();
        // Too little for the addresses: no quote.
        DecodedPacket none = decode(LinkType.RAW, PacketBuilder.icmp(11, 0).quote(offending).quoteLength(12).ip());
        assertThat(none.hasQuoted).isFalse();
        assertThat(none.icmpType).isEqualTo(11);
        assertThat(none.transportTruncated).isFalse();
        // The snap length cuts the quote rather than the sender.
        byte[] full = PacketBuilder.icmp(3, 3).quote(offending).ethernet();
        DecodedPacket snapped = decodeCut(LinkType.ETHERNET, full, 14 + 20 + 8 + 20 + 2);
        assertThat(snapped.hasQuoted).isTrue();
        assertThat(snapped.quotedSourcePort).isZero();
        // A quoted later fragment has no transport header to read ports from.
        PacketBuilder fragment = PacketBuilder.udp().fragment(1480, false).payload(40);
        DecodedPacket quotedFragment = decode(LinkType.RAW, PacketBuilder.icmp(3, 4).quote(fragment).ip());
        assertThat(quotedFragment.hasQuoted).isTrue();
        assertThat(quotedFragment.quotedSourcePort).isZero();
        // Not an error type: the payload is not a quote even if it looks like one.
        assertThat(decode(LinkType.RAW, PacketBuilder.icmp(0, 0).quote(offending).ip()).hasQuoted).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void icmpv6ErrorsQuoteTheOffendingHeader(int type) {
        PacketBuilder offending = PacketBuilder.udp().src("2001:db8::5", 5353).dst("2001:db8:1::7", 53)
                .hopByHop().destinationOptions();
        byte[] frame = PacketBuilder.icmp(type, 0).src("2001:db8::1").dst("2001:db8::5").quote(offending).ethernet();
        DecodedPacket p = decode(LinkType.ETHERNET, frame);
        assertThat(p.protocol).isEqualTo(58);
        assertThat(p.icmpType).isEqualTo(type);
        assertThat(p.hasQuoted).isTrue();
        assertThat(p.quotedSource()).isEqualTo(IpAddress.parse("2001:db8::5"));
        assertThat(p.quotedDestination()).isEqualTo(IpAddress.parse("2001:db8:1::7"));
        assertThat(p.quotedProtocol).isEqualTo(17);
        assertThat(p.quotedSourcePort).isEqualTo(5353);
        assertThat(p.quotedDestinationPort).isEqualTo(53);
    }

    @Test
    void icmpv6InformationalMessagesHaveNoQuote() {
        byte[] echo = PacketBuilder.icmpv6(128, 0).src("2001:db8::1").dst("2001:db8::2").payload(16).ip();
        DecodedPacket p = decode(LinkType.RAW, echo);
        assertThat(p.icmpType).isEqualTo(128);
        assertThat(p.hasQuoted).isFalse();
        PacketBuilder cut = PacketBuilder.tcp().src("2001:db8::2", 1).dst("2001:db8::1", 2);
        byte[] headerOnly = PacketBuilder.icmpv6(1, 4).src("2001:db8::1").dst("2001:db8::2").quote(cut).quoteLength(40)
                .ip();
        DecodedPacket q = decode(LinkType.RAW, headerOnly);
        assertThat(q.hasQuoted).isTrue();
        assertThat(q.quotedProtocol).isEqualTo(6);
        assertThat(q.quotedSourcePort).isZero();
    }

    @Test
    void ipv6ExtensionHeadersLeadToTheTransport() {
        PacketBuilder udp = PacketBuilder.udp().src("2001:db8::1", 1234).dst("2001:db8::2", 4321).payload(8);
        assertThat(decode(LinkType.RAW, udp.hopByHop().ip()).destinationPort).isEqualTo(4321);
        udp.routingHeader().destinationOptions().authenticationHeader().ipv6Fragment(0, true, 99);
        DecodedPacket p = decode(LinkType.RAW, udp.ip());
        assertThat(p.protocol).isEqualTo(17);
        assertThat(p.destinationPort).isEqualTo(4321);
        assertThat(p.fragment).as("a first fragment carries the transport header").isFalse();
        assertThat(p.ipLength).isEqualTo(40 + 8 + 8 + 8 + 16 + 8 + 16);
    }

    @Test
    void fragments() {
        DecodedPacket first = decode(LinkType.ETHERNET, PacketBuilder.udp().dst("198.51.100.1", 53).fragment(0, true)
                .payload(1400).ethernet());
        assertThat(first.fragment).isFalse();
        assertThat(first.destinationPort).isEqualTo(53);
        DecodedPacket later = decode(LinkType.ETHERNET, PacketBuilder.udp().ipId(7).fragment(1480, false).payload(300)
                .ethernet());
        assertThat(later.fragment).isTrue();
        assertThat(later.protocol).isEqualTo(17);
        assertThat(later.ipId).isEqualTo(7);
        assertThat(later.destinationPort).isZero();
        assertThat(later.transportTruncated).isFalse();
        DecodedPacket later6 = decode(LinkType.ETHERNET, PacketBuilder.udp().src("2001:db8::1").dst("2001:db8::2")
                .hopByHop().ipv6Fragment(1232, true, 5).payload(300).ethernet());
        assertThat(later6.fragment).isTrue();
        assertThat(later6.protocol).isEqualTo(17);
        assertThat(later6.sourcePort).isZero();
    }

    @Test
    void theSnapLengthCuttingTcpShortKeepsWhatWasCaptured() throws IOException {
        byte[] frame = PacketBuilder.tcp().src("192.0.2.1", 40000).dst("203.0.113.5", 23).syn().seq(77).window(1024)
                .ethernet();
        for (int tcpBytes = 0; tcpBytes <= 20; tcpBytes++) {
            DecodedPacket p = single(PcapWriter.options().snapLength(14 + 20 + tcpBytes), frame);
            assertThat(p.protocol).isEqualTo(6);
            assertThat(p.transportTruncated).as("%d TCP bytes", tcpBytes).isEqualTo(tcpBytes < 20);
            assertThat(p.destinationPort).isEqualTo(tcpBytes >= 4 ? 23 : 0);
            assertThat(p.tcpSequence).isEqualTo(tcpBytes >= 8 ? 77 : 0);
            assertThat(p.tcpFlags).isEqualTo(tcpBytes >= 14 ? TcpFlags.SYN : -1);
            assertThat(p.tcpWindow).isEqualTo(tcpBytes >= 16 ? 1024 : 0);
            assertThat(p.ipLength).isEqualTo(40);
            assertThat(p.ipCapturedLength).isEqualTo(20 + tcpBytes);
            assertThat(p.wireLength).isEqualTo(60);
        }
        DecodedPacket udp = decodeCut(LinkType.RAW, PacketBuilder.udp().ip(), 26);
        assertThat(udp.transportTruncated).isTrue();
        assertThat(udp.destinationPort).isEqualTo(80);
        DecodedPacket icmp = decodeCut(LinkType.RAW, PacketBuilder.icmp(3, 1).ip(), 21);
        assertThat(icmp.transportTruncated).isTrue();
        assertThat(icmp.icmpType).isEqualTo(3);
        assertThat(icmp.icmpCode).isEqualTo(-1);
        DecodedPacket v6 = decodeCut(LinkType.RAW, PacketBuilder.tcp().src("2001:db8::1", 1).dst("2001:db8::2", 2)
                .hopByHop().ip(), 44);
        assertThat(v6.transportTruncated).as("cut inside an extension header").isTrue();
        assertThat(v6.protocol).isEqualTo(0);
    }

    @Test
    void framesThatAreNotIp() {
        byte[] arp = PacketBuilder.ethernetFrame(0x0806, new byte[28]);
        assertThat(failure(LinkType.ETHERNET, arp)).isEqualTo(DecodeFailure.NOT_IP);
        assertThat(DecodeFailure.NOT_IP.malformed()).isFalse();
        assertThat(failure(147, PacketBuilder.tcp().ip())).isEqualTo(DecodeFailure.UNKNOWN_LINK_TYPE);
        assertThat(DecodeFailure.UNKNOWN_LINK_TYPE.malformed()).isFalse();
        byte[] lldpInSll = PacketBuilder.tcp().sll();
        lldpInSll[14] = (byte) 0x88;
        lldpInSll[15] = (byte) 0xcc;
        assertThat(failure(LinkType.LINUX_SLL, lldpInSll)).isEqualTo(DecodeFailure.NOT_IP);
    }

    @Test
    void malformedFrames() {
        byte[] ethernet = PacketBuilder.tcp().syn().ethernet();
        assertThat(failure(LinkType.ETHERNET, Arrays.copyOf(ethernet, 13))).isEqualTo(DecodeFailure.TRUNCATED_LINK_HEADER);
        assertThat(failure(LinkType.LINUX_SLL, new byte[15])).isEqualTo(DecodeFailure.TRUNCATED_LINK_HEADER);
        assertThat(failure(LinkType.LINUX_SLL2, new byte[19])).isEqualTo(DecodeFailure.TRUNCATED_LINK_HEADER);
        assertThat(failure(LinkType.NULL, new byte[3])).isEqualTo(DecodeFailure.TRUNCATED_LINK_HEADER);
        assertThat(failure(LinkType.ETHERNET, Arrays.copyOf(ethernet, 14 + 19))).isEqualTo(DecodeFailure.TRUNCATED_IP_HEADER);
        assertThat(failure(LinkType.ETHERNET, Arrays.copyOf(ethernet, 14))).isEqualTo(DecodeFailure.TRUNCATED_IP_HEADER);
        assertThat(failure(LinkType.RAW, new byte[0])).isEqualTo(DecodeFailure.TRUNCATED_IP_HEADER);
        assertThat(DecodeFailure.TRUNCATED_IP_HEADER.malformed()).isTrue();

        byte[] options = PacketBuilder.tcp().ipOptions(new byte[8]).ip();
        assertThat(failure(LinkType.RAW, Arrays.copyOf(options, 24))).as("options cut")
                .isEqualTo(DecodeFailure.TRUNCATED_IP_HEADER);

        byte[] v6InV4 = PacketBuilder.tcp().ethernet();
        v6InV4[14] = 0x65;
        assertThat(failure(LinkType.ETHERNET, v6InV4)).isEqualTo(DecodeFailure.BAD_IP_HEADER);
        byte[] shortIhl = PacketBuilder.tcp().ip();
        shortIhl[0] = 0x44;
        assertThat(failure(LinkType.RAW, shortIhl)).isEqualTo(DecodeFailure.BAD_IP_HEADER);
        byte[] shortTotal = PacketBuilder.tcp().ip();
        shortTotal[2] = 0;
        shortTotal[3] = 19;
        assertThat(failure(LinkType.RAW, shortTotal)).isEqualTo(DecodeFailure.BAD_IP_HEADER);
        byte[] version5 = PacketBuilder.tcp().ip();
        version5[0] = 0x55;
        assertThat(failure(LinkType.RAW, version5)).isEqualTo(DecodeFailure.BAD_IP_HEADER);
        assertThat(failure(LinkType.IPV6, PacketBuilder.tcp().ip())).isEqualTo(DecodeFailure.BAD_IP_HEADER);
        byte[] v6 = PacketBuilder.tcp().src("2001:db8::1", 1).dst("2001:db8::2", 2).ip();
        assertThat(failure(LinkType.RAW, Arrays.copyOf(v6, 39))).isEqualTo(DecodeFailure.TRUNCATED_IP_HEADER);
        assertThat(DecodeFailure.BAD_IP_HEADER.malformed()).isTrue();
    }

    @Test
    void aZeroTotalLengthIsTakenFromTheCapture() {
        // Captured on the sending host before TCP segmentation offload filled the length in.
        byte[] tso = PacketBuilder.tcp().payload(3000).ip();
        tso[2] = 0;
        tso[3] = 0;
        DecodedPacket p = decode(LinkType.RAW, tso);
        assertThat(p.ipLength).isEqualTo(tso.length);
        assertThat(p.destinationPort).isEqualTo(80);
    }

    @Test
    void theFlyweightIsResetAndTheFailureClearedForEveryPacket() {
        DecodedPacket out = new DecodedPacket();
        byte[] error = PacketBuilder.icmp(3, 3).quote(PacketBuilder.tcp().syn()).ip();
        assertThat(decoder.decode(LinkType.RAW, error, 0, error.length, error.length, 1, out)).isTrue();
        assertThat(out.hasQuoted).isTrue();
        byte[] arp = PacketBuilder.ethernetFrame(0x0806, new byte[28]);
        assertThat(decoder.decode(LinkType.ETHERNET, arp, 0, arp.length, arp.length, 2, out)).isFalse();
        assertThat(decoder.lastFailure()).isEqualTo(DecodeFailure.NOT_IP);
        byte[] udp = PacketBuilder.udp().ip();
        // The frame may sit anywhere in a larger buffer.
        byte[] buffer = new byte[udp.length + 100];
        System.arraycopy(udp, 0, buffer, 37, udp.length);
        assertThat(decoder.decode(LinkType.RAW, buffer, 37, udp.length, udp.length, 3, out)).isTrue();
        assertThat(decoder.lastFailure()).isEqualTo(DecodeFailure.NONE);
        assertThat(out.hasQuoted).isFalse();
        assertThat(out.icmpType).isEqualTo(-1);
        assertThat(out.tcpFlags).isEqualTo(-1);
        assertThat(out.protocol).isEqualTo(17);
        assertThat(out.timestampNanos).isEqualTo(3);
        assertThat(out.toString()).isEqualTo("IPv4 192.0.2.1.40000 > 198.51.100.1.80 proto 17 ttl 64 id 0 len 28/28 wire 28");
    }

    private DecodedPacket decode(int linkType, byte[] frame) {
        return decodeCut(linkType, frame, frame.length);
    }

    private DecodedPacket decodeCut(int linkType, byte[] frame, int captured) {
        DecodedPacket out = new DecodedPacket();
        assertThat(decoder.decode(linkType, frame, 0, captured, frame.length, TIME, out))
                .as("decodes (last failure %s)", decoder.lastFailure()).isTrue();
        assertThat(decoder.lastFailure()).isEqualTo(DecodeFailure.NONE);
        return out;
    }

    private DecodeFailure failure(int linkType, byte[] frame) {
        DecodedPacket out = new DecodedPacket();
        assertThat(decoder.decode(linkType, frame, 0, frame.length, frame.length, TIME, out)).isFalse();
        return decoder.lastFailure();
    }

    /** Writes the frame with the options, reads it back and decodes it. */
    private DecodedPacket single(PcapWriter.Options options, byte[] frame) throws IOException {
        byte[] capture = TestCaptures.write(options, TIME, frame);
        List<DecodedPacket> packets = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(capture), "test")) {
            reader.read((time, linkType, buffer, offset, captured, original) -> {
                DecodedPacket out = new DecodedPacket();
                assertThat(decoder.decode(linkType, buffer, offset, captured, original, time, out))
                        .as("decodes (last failure %s)", decoder.lastFailure()).isTrue();
                packets.add(out);
            });
        }
        assertThat(packets).hasSize(1);
        return packets.get(0);
    }
}
