package org.kizashi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kizashi.telescope.capture.PacketBuilder;

/** A patched template is the frame the builder makes of the same fields, checksums included. */
class FramesTest {
    private static final int SOURCE = 0xCB00_7105; // 203.0.113.5
    private static final int DESTINATION = 0xC612_2A07; // 198.18.42.7

    @Test
    void patchedTcpSynEqualsTheBuiltOne() {
        byte[] frame = PacketBuilder.tcp().syn().ethernet();
        Frames.ipv4(frame, SOURCE, DESTINATION, 54_321, 247);
        Frames.tcp(frame, Frames.V4_TRANSPORT, 40_001, 23, DESTINATION, 0, 1_024);
        Frames.transportChecksum(frame, Frames.V4_TRANSPORT, 16);
        assertThat(frame).isEqualTo(PacketBuilder.tcp().syn().src("203.0.113.5", 40_001).dst("198.18.42.7", 23)
                .seq(DESTINATION & 0xffff_ffffL).ipId(54_321).ttl(247).window(1_024).ethernet());
    }

    @Test
    void patchedUdpAndIcmpEqualTheBuiltOnes() {
        byte[] udp = PacketBuilder.udp().dstPort(53).payload(29).ethernet();
        Frames.ipv4(udp, SOURCE, DESTINATION, 7, 50);
        Frames.ports(udp, Frames.V4_TRANSPORT, 5_353, 53);
        Frames.transportChecksum(udp, Frames.V4_TRANSPORT, 6);
        assertThat(udp).isEqualTo(PacketBuilder.udp().src("203.0.113.5", 5_353).dst("198.18.42.7", 53).payload(29)
                .ipId(7).ttl(50).ethernet());

        byte[] echo = PacketBuilder.icmp(8, 0).payload(56).ethernet();
        Frames.ipv4(echo, SOURCE, DESTINATION, 9, 120);
        Frames.put16(echo, Frames.V4_TRANSPORT + 4, 0x1234);
        Frames.put16(echo, Frames.V4_TRANSPORT + 6, 0x0005);
        Frames.icmpChecksum(echo, Frames.V4_TRANSPORT);
        assertThat(echo).isEqualTo(PacketBuilder.icmp(8, 0).src("203.0.113.5").dst("198.18.42.7").payload(56)
                .icmpRest(0x1234_0005).ipId(9).ttl(120).ethernet());
    }

    @Test
    void patchedIpv6EqualsTheBuiltOne() {
        byte[] frame = PacketBuilder.tcp().src("2001:db8::1", 40_000).dst("2001:db8:4b00::1", 80).syn().ethernet();
        Frames.ipv6(frame, 0x2400_00cb_0000_0000L, 5, 0x2001_0db8_4b00_0007L, 0x42, 55);
        Frames.tcp(frame, Frames.V6_TRANSPORT, 50_000, 443, 99, 0, 65_535);
        Frames.transportChecksum(frame, Frames.V6_TRANSPORT, 16);
        assertThat(frame).isEqualTo(PacketBuilder.tcp().src("2400:cb::5", 50_000).dst("2001:db8:4b00:7::42", 443)
                .syn().seq(99).ttl(55).ethernet());
    }
}
