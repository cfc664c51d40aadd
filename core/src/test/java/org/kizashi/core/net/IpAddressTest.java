package org.kizashi.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {
    @ParameterizedTest
    @CsvSource({
            "192.0.2.1, 192.0.2.1",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "2001:DB8::1, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "::, ::",
            "::1, ::1",
            "fe80::, fe80::",
            "::ffff:198.51.100.7, 198.51.100.7",
            "[2001:db8::2], 2001:db8::2"})
    void printsTheCanonicalForm(String input, String canonical) {
        assertThat(IpAddress.parse(input).toString()).isEqualTo(canonical);
        assertThat(IpAddress.parse(canonical)).isEqualTo(IpAddress.parse(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "1::2::3",
            "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "fe80::1%eth0", ":::", "example.org"})
    void refusesWhatIsNotAnAddress(String input) {
        assertThatThrownBy(() -> IpAddress.parse(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IP address");
    }

    @Test
    void bytesSortInAddressOrder() {
        List<IpAddress> sorted = List.of(IpAddress.parse("::1"), IpAddress.parse("0.0.0.1"), IpAddress.parse("10.0.0.1"),
                IpAddress.parse("127.0.0.1"), IpAddress.parse("128.0.0.0"), IpAddress.parse("203.0.113.9"),
                IpAddress.parse("2001:db8::"), IpAddress.parse("ff02::1"));
        List<IpAddress> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled);
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(sorted);
        assertThat(IpAddress.parse("10.1.2.3").toBytes()).hasSize(16);
        assertThat(IpAddress.parse("10.1.2.3").isV4()).isTrue();
        assertThat(IpAddress.ofV4(0x0A010203)).isEqualTo(IpAddress.parse("10.1.2.3"));
    }

    @Test
    void theTwoLongFormRoundTrips() {
        IpAddress v4 = IpAddress.parse("203.0.113.9");
        assertThat(v4.high()).isZero();
        assertThat(v4.low()).isEqualTo(0x0000ffffcb007109L);
        assertThat(IpAddress.of(v4.high(), v4.low())).isEqualTo(v4);
        IpAddress v6 = IpAddress.parse("2001:db8::ff00:42:8329");
        assertThat(v6.high()).isEqualTo(0x20010db800000000L);
        assertThat(IpAddress.of(v6.high(), v6.low())).isEqualTo(v6);
    }
}
