package org.kizashi.telescope.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The builder's packets are well-formed: lengths, header fields and checksums as a receiver would verify them. */
class PacketBuilderTest {
    @Test
    void aZmapStyleSyn() {
        byte[] frame = PacketBuilder.tcp().src("192.0.2.1", 40000).dst("203.0.113.5", 23).syn().seq(0xcb007105L)
                .ipId(54321).ttl(64).ethernet();
        assertThat(frame).hasSize(60); // 54 bytes padded to Ethernet's minimum
        assertThat(u16(frame, 12)).isEqualTo(0x0800);
        byte[] ip = Arrays.copyOfRange(frame, 14, 54);
        assertThat(ip[0]).isEqualTo((byte) 0x45);
        assertThat(u16(ip, 2)).isEqualTo(40);
        assertThat(u16(ip, 4)).isEqualTo(54321);
        assertThat(ip[8]).isEqualTo((byte) 64);
        assertThat(ip[9]).isEqualTo((byte) 6);
        assertThat(Arrays.copyOfRange(ip, 12, 20)).containsExactly(192, 0, 2, 1, 203, 0, 113, 5);
        assertThat(sum(ip, 0, 20, 0)).as("IPv4 header checksum").isEqualTo(0xffff);
        assertThat(u16(ip, 20)).isEqualTo(40000);
        assertThat(u16(ip, 22)).isEqualTo(23);
        assertThat(Arrays.copyOfRange(ip, 24, 28)).containsExactly(0xcb, 0x00, 0x71, 0x05);
        assertThat(ip[32]).isEqualTo((byte) 0x50);
        assertThat(ip[33]).isEqualTo((byte) PacketBuilder.SYN);
        assertThat(sum(ip, 20, 40, pseudoHeader(ip, 12, 4, 6, 20))).as("TCP checksum").isEqualTo(0xffff);
    }

    @Test
    void checksumsOfEveryTransport() {
        byte[] udp = PacketBuilder.udp().payload(13).ip();
        assertThat(sum(udp, 20, udp.length, pseudoHeader(udp, 12, 4, 17, udp.length - 20))).isEqualTo(0xffff);
        byte[] icmp = PacketBuilder.icmp(3, 3).quote(PacketBuilder.udp()).ip();
        assertThat(sum(icmp, 0, 20, 0)).isEqualTo(0xffff);
        assertThat(sum(icmp, 20, icmp.length, 0)).isEqualTo(0xffff);
        byte[] udp6 = PacketBuilder.udp().src("2001:db8::1", 1).dst("2001:db8::2", 2).payload(7).ip();
        assertThat(sum(udp6, 40, udp6.length, pseudoHeader(udp6, 8, 16, 17, udp6.length - 40))).isEqualTo(0xffff);
        byte[] icmp6 = PacketBuilder.icmp(128, 0).src("2001:db8::1").dst("2001:db8::2").payload(9).ip();
        assertThat(icmp6[6]).as("ICMP follows the address family").isEqualTo((byte) 58);
        assertThat(sum(icmp6, 40, icmp6.length, pseudoHeader(icmp6, 8, 16, 58, icmp6.length - 40))).isEqualTo(0xffff);
        byte[] options = PacketBuilder.tcp().ipOptions((byte) 1, (byte) 1, (byte) 1).ip();
        assertThat(options[0]).isEqualTo((byte) 0x46);
        assertThat(sum(options, 0, 24, 0)).isEqualTo(0xffff);
    }

    @Test
    void ipv6ExtensionHeadersChain() {
        byte[] ip = PacketBuilder.udp().src("2001:db8::1", 1).dst("2001:db8::2", 2).hopByHop().ipv6Fragment(8, true, 3)
                .ip();
        assertThat(ip[6]).isEqualTo((byte) 0); // hop-by-hop first
        assertThat(ip[40]).isEqualTo((byte) 44); // then the fragment header
        assertThat(ip[48]).isEqualTo((byte) 17); // then UDP, whose header a later fragment does not carry
        assertThat(u16(ip, 50)).isEqualTo(8 | 1);
        assertThat(ip).hasSize(40 + 8 + 8);
        assertThat(u16(ip, 4)).isEqualTo(16);
    }

    @Test
    void linkLayerHeaders() {
        PacketBuilder b = PacketBuilder.udp().vlan(0x88a8, 100).vlan(200);
        byte[] ethernet = b.ethernet();
        assertThat(u16(ethernet, 12)).isEqualTo(0x88a8);
        assertThat(u16(ethernet, 14)).isEqualTo(100);
        assertThat(u16(ethernet, 16)).isEqualTo(0x8100);
        assertThat(u16(ethernet, 18)).isEqualTo(200);
        assertThat(u16(ethernet, 20)).isEqualTo(0x0800);
        assertThat(u16(b.sll(), 14)).isEqualTo(0x0800);
        assertThat(u16(b.sll2(), 0)).isEqualTo(0x0800);
        assertThat(b.sll()).hasSize(16 + 28);
        assertThat(b.sll2()).hasSize(20 + 28);
        assertThat(Arrays.copyOf(b.frame(LinkType.NULL), 4)).containsExactly(2, 0, 0, 0);
        assertThat(Arrays.copyOf(b.frame(LinkType.LOOP), 4)).containsExactly(0, 0, 0, 2);
        assertThatThrownBy(() -> b.frame(LinkType.IPV6)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PacketBuilder.tcp().src("2001:db8::1").ip()).isInstanceOf(IllegalStateException.class);
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    /** The one's complement sum of the bytes, plus a starting sum: 0xffff when a checksum inside is right. */
    private static int sum(byte[] b, int from, int to, int initial) {
        long sum = initial;
        for (int i = from; i < to; i += 2) {
            sum += (b[i] & 0xff) << 8 | (i + 1 < to ? b[i + 1] & 0xff : 0);
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    private static int pseudoHeader(byte[] ip, int addressOffset, int addressLength, int protocol, int length) {
        return sum(ip, addressOffset, addressOffset + 2 * addressLength, 0) + protocol + length;
    }
}
