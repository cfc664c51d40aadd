package org.kizashi.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpPrefixTest {
    @Test
    void firstAndLastBoundTheRange() {
        IpPrefix p = IpPrefix.parse("198.51.100.0/22");
        assertThat(p.first()).isEqualTo(IpAddress.parse("198.51.100.0"));
        assertThat(p.last()).isEqualTo(IpAddress.parse("198.51.103.255"));
        assertThat(p.contains(IpAddress.parse("198.51.102.7"))).isTrue();
        assertThat(p.contains(IpAddress.parse("198.51.104.0"))).isFalse();
        assertThat(p.contains(IpAddress.parse("2001:db8::"))).isFalse();
        IpPrefix v6 = IpPrefix.parse("2001:db8:80::/41");
        assertThat(v6.last()).isEqualTo(IpAddress.parse("2001:db8:ff:ffff:ffff:ffff:ffff:ffff"));
        assertThat(IpPrefix.parse("0.0.0.0/0").last()).isEqualTo(IpAddress.parse("255.255.255.255"));
        assertThat(IpPrefix.parse("192.0.2.7").toString()).isEqualTo("192.0.2.7/32");
    }

    @Test
    void refusesHostBitsAndBadLengthsWithAHint() {
        assertThatThrownBy(() -> IpPrefix.parse("192.0.2.1/24")).hasMessageContaining("did you mean 192.0.2.0/24");
        assertThatThrownBy(() -> IpPrefix.parse("192.0.2.0/33")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> IpPrefix.parse("2001:db8::/129")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> IpPrefix.parse("192.0.2.0/")).hasMessageContaining("invalid prefix length");
        assertThatThrownBy(() -> IpPrefix.parse("192.0.2.0/x")).hasMessageContaining("invalid prefix length");
    }
}
