package org.kizashi.telescope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.net.OrganisationNetwork;
import org.junit.jupiter.api.Test;

class OrganisationRangesTest {
    private static final OrganisationNetwork ISP = network(1, "198.51.0.0/16");
    private static final OrganisationNetwork CUSTOMER = network(2, "198.51.100.0/24");
    private static final OrganisationNetwork V6 = network(3, "2001:db8::/32");
    private final OrganisationRanges ranges = OrganisationRanges.of(List.of(ISP, CUSTOMER, V6));

    private static OrganisationNetwork network(long id, String prefix) {
        return new OrganisationNetwork(id, id, IpPrefix.parse(prefix), "n" + id);
    }

    private OrganisationNetwork find(String address) {
        IpAddress a = IpAddress.parse(address);
        return ranges.find(a.high(), a.low());
    }

    @Test
    void theMostSpecificRangeWins() {
        assertThat(find("198.51.100.23")).isEqualTo(CUSTOMER);
        assertThat(find("198.51.101.1")).isEqualTo(ISP);
        assertThat(find("198.51.99.255")).isEqualTo(ISP);
        assertThat(find("198.51.255.255")).isEqualTo(ISP);
        assertThat(find("198.51.100.0")).isEqualTo(CUSTOMER);
        assertThat(find("198.51.100.255")).isEqualTo(CUSTOMER);
    }

    @Test
    void addressesOutsideEveryRangeHaveNoOwner() {
        assertThat(find("198.50.255.255")).isNull();
        assertThat(find("198.52.0.0")).isNull();
        assertThat(find("0.0.0.0")).isNull();
        assertThat(find("2001:db9::1")).isNull();
        assertThat(find("2001:db8:ffff::1")).isEqualTo(V6);
        assertThat(OrganisationRanges.of(List.of()).find(0, 1)).isNull();
    }
}
