package org.kizashi.active.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

class SubscriberResolverTest {
    private static final IspTable ISPS = IspTable.of(List.of(
            new IspEntry(IpPrefix.parse("198.51.100.0/24"), 64500, "example-net"),
            new IspEntry(IpPrefix.parse("192.0.2.0/24"), 64503, "cgnat-mobile"),
            new IspEntry(IpPrefix.parse("2001:db8::/32"), 64500, "example-net")));

    /** 2026-11-23 at the given UTC time of day. */
    private static Instant at(String time) {
        return Instant.parse("2026-11-23T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    private static AddressLease lease(String subscriber, String addresses, String start, String end) {
        return lease(subscriber, addresses, null, start, end);
    }

    private static AddressLease lease(String subscriber, String addresses, PortRange ports, String start, String end) {
        return new AddressLease(subscriber, IpPrefix.parse(addresses), ports, at(start), end == null ? null : at(end),
                new SourceLine("test-" + subscriber, 1));
    }

    private static AddressLease open(String subscriber, String addresses, String start, String lastSeen) {
        return new AddressLease(subscriber, IpPrefix.parse(addresses), null, at(start), null, at(lastSeen),
                List.of(new SourceLine("test-" + subscriber, 1)));
    }

    private static SubscriberResolver resolver(AddressLease... leases) {
        return SubscriberResolver.builder(ISPS).addAll(List.of(leases)).build();
    }

    private static Attribution resolve(SubscriberResolver r, String address, String time) {
        return r.resolve(IpAddress.parse(address), at(time), OptionalInt.empty());
    }

    private static Attribution resolve(SubscriberResolver r, String address, String time, int port) {
        return r.resolve(IpAddress.parse(address), at(time), OptionalInt.of(port));
    }

    private static String subscriber(Attribution a) {
        assertThat(a).as(a.explanation()).isInstanceOf(Attribution.Found.class);
        return ((Attribution.Found) a).subscriber();
    }

    private static Attribution.Refused refused(Attribution a, Refusal reason) {
        assertThat(a).as(a.explanation()).isInstanceOf(Attribution.Refused.class);
        Attribution.Refused refused = (Attribution.Refused) a;
        assertThat(refused.reason()).as(a.explanation()).isEqualTo(reason);
        return refused;
    }

    @Test
    void startIsInclusiveAndEndExclusive() {
        SubscriberResolver r = resolver(lease("alice", "198.51.100.23/32", "10:00", "12:00"),
                lease("bob", "198.51.100.23/32", "12:00", "14:00"));
        assertThat(subscriber(resolve(r, "198.51.100.23", "10:00"))).isEqualTo("alice");
        assertThat(subscriber(resolve(r, "198.51.100.23", "11:59:59.999999999"))).isEqualTo("alice");
        assertThat(subscriber(resolve(r, "198.51.100.23", "12:00"))).isEqualTo("bob");
        refused(resolve(r, "198.51.100.23", "09:59:59.999"), Refusal.NO_LEASE);
        refused(resolve(r, "198.51.100.23", "14:00"), Refusal.NO_LEASE);
    }

    @Test
    void aFoundSubscriberComesWithIspEvidenceAndExplanation() {
        SubscriberResolver r = resolver(lease("alice", "198.51.100.23/32", "10:00", "12:00"));
        Attribution.Found found = (Attribution.Found) resolve(r, "198.51.100.23", "11:00");
        assertThat(found.isp().isp()).isEqualTo("example-net");
        assertThat(found.isp().asn()).isEqualTo(64500);
        assertThat(found.evidence()).singleElement().satisfies(l -> {
            assertThat(l.subscriber()).isEqualTo("alice");
            assertThat(l.start()).isEqualTo(at("10:00"));
            assertThat(l.end()).isEqualTo(at("12:00"));
            assertThat(l.sources()).containsExactly(new SourceLine("test-alice", 1));
        });
        assertThat(found.explanation()).contains("alice", "example-net", "AS64500", "test-alice:1",
                "2026-11-23T10:00:00Z");
    }

    @Test
    void addressesOutsideTheIspTableAreNotOurs() {
        SubscriberResolver r = resolver(lease("alice", "100.64.0.1/32", "10:00", "12:00"));
        Attribution.Refused refused = refused(resolve(r, "100.64.0.1", "11:00"), Refusal.NO_ISP);
        assertThat(refused.isp()).isEmpty();
        assertThat(refused.explanation()).contains("100.64.0.1", "no prefix of the ISP table");
    }

    @Test
    void noLeaseSaysWhatIsNearest() {
        SubscriberResolver r = resolver(lease("alice", "198.51.100.23/32", "10:00", "12:00"),
                lease("bob", "198.51.100.23/32", "14:00", "16:00"));
        Attribution.Refused between = refused(resolve(r, "198.51.100.23", "13:00"), Refusal.NO_LEASE);
        assertThat(between.isp()).get().extracting(IspEntry::isp).isEqualTo("example-net");
        assertThat(between.explanation()).contains("ended at 2026-11-23T12:00:00Z", "starts at 2026-11-23T14:00:00Z");
        assertThat(refused(resolve(r, "198.51.100.99", "13:00"), Refusal.NO_LEASE).explanation())
                .contains("no record of this address at all");
    }

    @Test
    void twoSubscribersAtOnceIsAnOverlapNotAGuess() {
        SubscriberResolver r = resolver(lease("alice", "198.51.100.25/32", "10:00", "12:00"),
                lease("carol", "198.51.100.25/32", "11:00", "13:00"));
        Attribution.Refused refused = refused(resolve(r, "198.51.100.25", "11:30"), Refusal.AMBIGUOUS_OVERLAP);
        assertThat(refused.evidence()).extracting(AddressLease::subscriber).containsExactlyInAnyOrder("alice", "carol");
        assertThat(refused.explanation()).contains("2 different subscribers", "alice", "carol");
        assertThat(subscriber(resolve(r, "198.51.100.25", "10:30"))).isEqualTo("alice");
        assertThat(subscriber(resolve(r, "198.51.100.25", "12:30"))).isEqualTo("carol");
    }

    @Test
    void theSameSubscriberTwiceIsNotAmbiguous() {
        SubscriberResolver r = resolver(lease("alice", "198.51.100.26/32", "10:00", "12:00"),
                lease("alice", "198.51.100.26/32", "10:00", "12:00"),
                lease("alice", "198.51.100.26/32", "11:00", "13:00"));
        Attribution a = resolve(r, "198.51.100.26", "11:30");
        assertThat(subscriber(a)).isEqualTo("alice");
        assertThat(a.evidence()).hasSize(3);
    }

    @Test
    void aTimeWithinTheClockSkewOfAChangeOfSubscriberIsRefused() {
        SubscriberResolver r = SubscriberResolver.builder(ISPS).clockSkewTolerance(Duration.ofSeconds(5))
                .add(lease("alice", "198.51.100.27/32", "10:00", "12:00"))
                .add(lease("bob", "198.51.100.27/32", "12:00", "14:00"))
                .add(lease("carol", "198.51.100.28/32", "10:00", "12:00"))
                .add(lease("dave", "198.51.100.28/32", "12:00:03", "14:00"))
                .build();
        assertThat(subscriber(resolve(r, "198.51.100.27", "11:59:54"))).isEqualTo("alice");
        Attribution.Refused before = refused(resolve(r, "198.51.100.27", "11:59:57"), Refusal.AMBIGUOUS_BOUNDARY);
        assertThat(before.evidence()).extracting(AddressLease::subscriber).containsExactly("alice", "bob");
        assertThat(before.explanation()).contains("belongs to alice", "PT5S", "bob");
        refused(resolve(r, "198.51.100.27", "12:00:04"), Refusal.AMBIGUOUS_BOUNDARY);
        assertThat(subscriber(resolve(r, "198.51.100.27", "12:00:05"))).isEqualTo("bob");
        assertThat(subscriber(resolve(r, "198.51.100.27", "13:59:58"))).as("nobody after bob").isEqualTo("bob");

        refused(resolve(r, "198.51.100.28", "11:59:59"), Refusal.AMBIGUOUS_BOUNDARY);
        refused(resolve(r, "198.51.100.28", "12:00:01"), Refusal.NO_LEASE);
        refused(resolve(r, "198.51.100.28", "12:00:04"), Refusal.AMBIGUOUS_BOUNDARY);
    }

    @Test
    void withoutToleranceTheBoundaryIsExact() {
        SubscriberResolver r = resolver(lease("alice", "198.51.100.27/32", "10:00", "12:00"),
                lease("bob", "198.51.100.27/32", "12:00", "14:00"));
        assertThat(r.clockSkewTolerance()).isEqualTo(Duration.ZERO);
        assertThat(subscriber(resolve(r, "198.51.100.27", "11:59:59"))).isEqualTo("alice");
    }

    @Test
    void cgnatAddressesNeedThePortAndThePortMustBeInABlock() {
        SubscriberResolver r = resolver(
                lease("dave", "192.0.2.10/32", new PortRange(1024, 2047), "09:00", null),
                lease("erin", "192.0.2.10/32", new PortRange(2048, 3071), "09:00", "18:00"),
                lease("zoe", "192.0.2.10/32", new PortRange(2048, 3071), "18:00", null));
        Attribution.Refused required = refused(resolve(r, "192.0.2.10", "10:00"), Refusal.PORT_REQUIRED);
        assertThat(required.evidence()).extracting(AddressLease::subscriber).containsExactlyInAnyOrder("dave", "erin");
        assertThat(required.explanation()).contains("ports 1024-2047 for dave", "ports 2048-3071 for erin");
        assertThat(subscriber(resolve(r, "192.0.2.10", "10:00", 1024))).isEqualTo("dave");
        assertThat(subscriber(resolve(r, "192.0.2.10", "10:00", 2047))).isEqualTo("dave");
        assertThat(subscriber(resolve(r, "192.0.2.10", "10:00", 2048))).isEqualTo("erin");
        assertThat(subscriber(resolve(r, "192.0.2.10", "19:00", 3000))).isEqualTo("zoe");
        assertThat(subscriber(resolve(r, "192.0.2.10", "19:00", 1500)))
                .as("zoe's later block does not cut dave's open one short").isEqualTo("dave");
        Attribution.Refused notCovered = refused(resolve(r, "192.0.2.10", "10:00", 5000), Refusal.PORT_NOT_COVERED);
        assertThat(notCovered.explanation()).contains("Port 5000", "1024-2047", "2048-3071");
        refused(resolve(r, "192.0.2.10", "08:00", 1500), Refusal.NO_LEASE);
    }

    @Test
    void aPortIsIgnoredForAddressesLeasedWhole() {
        SubscriberResolver r = resolver(lease("alice", "198.51.100.23/32", "10:00", "12:00"));
        assertThat(subscriber(resolve(r, "198.51.100.23", "11:00", 443))).isEqualTo("alice");
        assertThatThrownBy(() -> resolve(r, "198.51.100.23", "11:00", 70000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAddressInsideADelegatedIpv6PrefixIsTheSubscribers() {
        SubscriberResolver r = resolver(
                lease("alice", "2001:db8:1000:1200::/56", "10:00", "12:00"),
                lease("alice", "2001:db8:1000:10::/64", "10:00", "12:00"),
                lease("bob", "2001:db8:1000:1300::/56", "10:00", "12:00"),
                lease("carol", "2001:db8:1000:ff::15/128", "10:00", "12:00"));
        Attribution a = resolve(r, "2001:db8:1000:12ab:5054:ff:fe12:3456", "11:00");
        assertThat(subscriber(a)).isEqualTo("alice");
        assertThat(a.evidence()).singleElement().extracting(AddressLease::addresses)
                .isEqualTo(IpPrefix.parse("2001:db8:1000:1200::/56"));
        assertThat(subscriber(resolve(r, "2001:db8:1000:10::1", "11:00"))).isEqualTo("alice");
        assertThat(subscriber(resolve(r, "2001:db8:1000:13ff:ffff:ffff:ffff:ffff", "11:00"))).isEqualTo("bob");
        assertThat(subscriber(resolve(r, "2001:db8:1000:ff::15", "11:00"))).isEqualTo("carol");
        refused(resolve(r, "2001:db8:1000:ff::16", "11:00"), Refusal.NO_LEASE);
        refused(resolve(r, "2001:db8:1000:1400::1", "11:00"), Refusal.NO_LEASE);
    }

    @Test
    void anOpenSessionSupersededBySomeoneElseLeavesAGap() {
        SubscriberResolver r = SubscriberResolver.builder(ISPS).asOf(at("20:00"))
                .add(open("frank", "198.51.100.30/32", "10:00", "11:00"))
                .add(open("grace", "198.51.100.30/32", "15:00", "15:00"))
                .build();
        assertThat(subscriber(resolve(r, "198.51.100.30", "10:30"))).isEqualTo("frank");
        assertThat(subscriber(resolve(r, "198.51.100.30", "11:00"))).as("last confirmation").isEqualTo("frank");
        Attribution.Refused gap = refused(resolve(r, "198.51.100.30", "11:00:01"), Refusal.GAP);
        assertThat(gap.evidence()).extracting(AddressLease::subscriber).containsExactly("frank", "grace");
        assertThat(gap.evidence().get(0).isOpen()).isTrue();
        assertThat(gap.explanation()).contains("no end", "last confirmed at 2026-11-23T11:00:00Z", "grace",
                "Whether frank still held 198.51.100.30");
        refused(resolve(r, "198.51.100.30", "14:59:59"), Refusal.GAP);
        assertThat(subscriber(resolve(r, "198.51.100.30", "15:00"))).isEqualTo("grace");
        assertThat(subscriber(resolve(r, "198.51.100.30", "19:59:59"))).isEqualTo("grace");
        assertThat(refused(resolve(r, "198.51.100.30", "20:00"), Refusal.NO_LEASE).explanation())
                .contains("exported as of 2026-11-23T20:00:00Z");
    }

    @Test
    void anOpenSessionFollowedByTheSameSubscribersNextOneIsNoGap() {
        SubscriberResolver r = resolver(open("frank", "198.51.100.31/32", "10:00", "10:00"),
                open("frank", "198.51.100.31/32", "13:00", "13:00"));
        assertThat(subscriber(resolve(r, "198.51.100.31", "12:00"))).isEqualTo("frank");
        Attribution years = r.resolve(IpAddress.parse("198.51.100.31"), Instant.parse("2030-01-01T00:00:00Z"),
                OptionalInt.empty());
        assertThat(subscriber(years)).as("no as-of: runs on").isEqualTo("frank");
    }

    @Test
    void anOpenSessionConfirmedAfterSomeoneElseStartedIsAnOverlap() {
        SubscriberResolver r = resolver(open("frank", "198.51.100.32/32", "10:00", "16:00"),
                lease("grace", "198.51.100.32/32", "15:00", "18:00"));
        refused(resolve(r, "198.51.100.32", "15:30"), Refusal.AMBIGUOUS_OVERLAP);
        assertThat(subscriber(resolve(r, "198.51.100.32", "14:00"))).isEqualTo("frank");
        assertThat(subscriber(resolve(r, "198.51.100.32", "17:00"))).isEqualTo("grace");
    }

    @Test
    void evidenceIsRebuiltAsGiven() {
        AddressLease given = new AddressLease("dave", IpPrefix.parse("192.0.2.10/32"), new PortRange(1024, 2047),
                at("09:00"), null, at("09:30"), List.of(new SourceLine("detail-20261123", 36),
                new SourceLine("detail-20261123", 200)));
        SubscriberResolver r = resolver(given);
        assertThat(resolve(r, "192.0.2.10", "09:10", 1500).evidence()).containsExactly(given);
        assertThat(r.leaseCount()).isEqualTo(1);
    }

    @Test
    void badInputsAreRejected() {
        assertThatThrownBy(() -> lease("alice", "198.51.100.23/32", "12:00", "10:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before start");
        assertThatThrownBy(() -> SubscriberResolver.builder(ISPS).clockSkewTolerance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortRange(2048, 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PortRange.parse(" 1024 - 2047 ")).isEqualTo(new PortRange(1024, 2047));
    }

    @Test
    void anEmptyResolverRefusesEverything() {
        SubscriberResolver r = resolver();
        refused(resolve(r, "198.51.100.23", "10:00"), Refusal.NO_LEASE);
        refused(resolve(r, "2001:db8::1", "10:00"), Refusal.NO_LEASE);
        refused(resolve(r, "8.8.8.8", "10:00"), Refusal.NO_ISP);
    }
}
