package org.kizashi.telescope.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

class DarknetSpaceTest {
    private static boolean in(DarknetSpace space, String address) {
        IpAddress a = IpAddress.parse(address);
        return space.contains(a.high(), a.low());
    }

    @Test
    void containsExactlyTheWatchedRanges() {
        DarknetSpace space = DarknetSpace.of(List.of(IpPrefix.parse("133.1.0.0/16"), IpPrefix.parse("133.1.128.0/17"),
                IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("2001:db8:dead::/48"), IpPrefix.parse("10.0.0.0/8")));
        assertThat(in(space, "133.1.0.0")).isTrue();
        assertThat(in(space, "133.1.255.255")).isTrue();
        assertThat(in(space, "133.2.0.0")).isFalse();
        assertThat(in(space, "133.0.255.255")).isFalse();
        assertThat(in(space, "203.0.113.77")).isTrue();
        assertThat(in(space, "10.200.0.1")).isTrue();
        assertThat(in(space, "9.255.255.255")).isFalse();
        assertThat(in(space, "2001:db8:dead:beef::1")).isTrue();
        assertThat(in(space, "2001:db8:deae::1")).isFalse();
        assertThat(in(space, "::1")).isFalse();
        assertThat(space.ipv4AddressCount()).isEqualTo(65_536 + 256 + 16_777_216);
    }

    @Test
    void noPrefixesMeansEverything() {
        assertThat(in(DarknetSpace.everything(), "8.8.8.8")).isTrue();
        assertThat(DarknetSpace.everything().isEverything()).isTrue();
    }
}
