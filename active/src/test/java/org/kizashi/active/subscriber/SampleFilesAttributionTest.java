package org.kizashi.active.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;

/** The whole path on realistic files: ISP table and an ISP's RADIUS, DHCP and NAT records, then reports resolved. */
class SampleFilesAttributionTest {
    private static final String DETAIL = "radacct/192.0.2.1/detail-20261123";
    private static SubscriberResolver resolver;
    private static LeaseImport imported;

    @BeforeAll
    static void load() throws IOException {
        IspTable isps = IspTable.read(TestFiles.sample("isp-table.csv"));
        imported = new LeaseImport(LeaseImportTest.TOKYO, LeaseImportTest.AS_OF)
                .radiusDetail(TestFiles.sample("radacct"))
                .iscDhcpdLeases(TestFiles.sample("dhcpd.leases"))
                .keaLeases(TestFiles.sample("kea-leases4.csv"))
                .keaLeases(TestFiles.sample("kea-leases6.csv"))
                .cgnatMappings(TestFiles.sample("cgnat-mappings.csv"));
        resolver = SubscriberResolver.builder(isps).clockSkewTolerance(Duration.ofSeconds(5)).add(imported).build();
    }

    private static Attribution report(String address, String tokyoTime, Integer port) {
        Instant time = LocalDateTime.parse(tokyoTime).atZone(LeaseImportTest.TOKYO).toInstant();
        return resolver.resolve(IpAddress.parse(address), time, port == null ? OptionalInt.empty()
                : OptionalInt.of(port));
    }

    private static String subscriber(Attribution a) {
        assertThat(a).as(a.explanation()).isInstanceOf(Attribution.Found.class);
        return ((Attribution.Found) a).subscriber();
    }

    private static Refusal refusal(Attribution a) {
        assertThat(a).as(a.explanation()).isInstanceOf(Attribution.Refused.class);
        return ((Attribution.Refused) a).reason();
    }

    @Test
    void everySourceContributes() {
        assertThat(resolver.leaseCount()).isEqualTo(imported.leases().size()).isEqualTo(11 + 3 + 2 + 2 + 7);
        assertThat(imported.problems()).hasSize(4 + 3 + 3 + 1 + 3);
    }

    @Test
    void radiusSessions() {
        Attribution alice = report("198.51.100.23", "2026-11-23T10:30:00", null);
        assertThat(subscriber(alice)).isEqualTo("alice@example.ne.jp");
        assertThat(((Attribution.Found) alice).isp().isp()).isEqualTo("example-net");
        assertThat(alice.evidence()).singleElement().satisfies(l -> assertThat(l.sources())
                .extracting(SourceLine::toString).contains(TestFiles.at(DETAIL, 1), TestFiles.at(DETAIL, 91)));
        assertThat(refusal(report("198.51.100.23", "2026-11-23T12:10:00", null))).isEqualTo(Refusal.NO_LEASE);
        assertThat(subscriber(report("198.51.100.23", "2026-11-23T13:00:00", null))).isEqualTo("carol@example.ne.jp");
        assertThat(subscriber(report("198.51.100.24", "2026-11-24T00:59:54", null))).isEqualTo("bob@example.ne.jp");
        assertThat(subscriber(report("198.51.100.50", "2026-11-24T04:00:00", null))).isEqualTo("ivan@example.ne.jp");
        assertThat(refusal(report("198.51.100.50", "2026-11-24T06:00:00", null))).isEqualTo(Refusal.NO_LEASE);
    }

    @Test
    void delegatedIpv6PrefixFromRadiusAndKea() {
        assertThat(subscriber(report("2001:db8:1000:12ab::1", "2026-11-23T11:00:00", null)))
                .isEqualTo("alice@example.ne.jp");
        assertThat(subscriber(report("2001:db8:2000:1ab:1:2:3:4", "2026-11-23T20:00:00", null)))
                .isEqualTo("duid:00:01:00:01:2c:ef:36:8b:08:00:27:d5:e5:bf");
    }

    @Test
    void missingStopRecordLeavesAGap() {
        assertThat(subscriber(report("198.51.100.30", "2026-11-23T10:30:00", null))).isEqualTo("frank@example.ne.jp");
        Attribution gap = report("198.51.100.30", "2026-11-23T13:00:00", null);
        assertThat(refusal(gap)).isEqualTo(Refusal.GAP);
        assertThat(gap.explanation()).contains("frank@example.ne.jp", "grace@example.ne.jp", TestFiles.at(DETAIL, 74));
        assertThat(subscriber(report("198.51.100.30", "2026-11-23T16:00:00", null))).isEqualTo("grace@example.ne.jp");
    }

    @Test
    void cgnatFromRadiusAndNatLogs() {
        assertThat(refusal(report("192.0.2.10", "2026-11-23T10:00:00", null))).isEqualTo(Refusal.PORT_REQUIRED);
        assertThat(subscriber(report("192.0.2.10", "2026-11-23T10:00:00", 1500))).isEqualTo("dave@mobile.example");
        assertThat(subscriber(report("192.0.2.10", "2026-11-23T10:00:00", 2500))).isEqualTo("erin@mobile.example");
        assertThat(refusal(report("192.0.2.10", "2026-11-23T10:00:00", 5000))).isEqualTo(Refusal.PORT_NOT_COVERED);
        assertThat(subscriber(report("192.0.2.20", "2026-11-23T17:00:00", 1500))).isEqualTo("sub-1001");
        assertThat(refusal(report("192.0.2.20", "2026-11-23T17:59:58", 1500))).isEqualTo(Refusal.AMBIGUOUS_BOUNDARY);
        assertThat(subscriber(report("192.0.2.20", "2026-11-23T18:00:05", 1500))).isEqualTo("sub-1003");
        assertThat(subscriber(report("192.0.2.20", "2026-11-23T18:00:05", 3000))).isEqualTo("sub-1002");
    }

    @Test
    void dhcpBindings() {
        assertThat(subscriber(report("203.0.113.10", "2026-11-23T16:00:00", null))).isEqualTo("mac:52:54:00:12:34:56");
        assertThat(refusal(report("203.0.113.10", "2026-11-23T17:30:00", null))).isEqualTo(Refusal.NO_LEASE);
        assertThat(subscriber(report("203.0.113.10", "2026-11-23T18:30:00", null)))
                .isEqualTo("remote-id:subscriber-0042");
        assertThat(subscriber(report("203.0.113.50", "2026-11-23T11:30:00", null))).isEqualTo("mac:08:00:27:aa:bb:02");
    }

    @Test
    void conflictingRecordsAndForeignAddresses() {
        assertThat(refusal(report("192.0.2.30", "2026-11-23T11:30:00", null))).isEqualTo(Refusal.AMBIGUOUS_OVERLAP);
        assertThat(subscriber(report("192.0.2.31", "2026-11-23T11:30:00", null))).isEqualTo("sub-3001");
        assertThat(refusal(report("100.64.1.2", "2026-11-23T10:00:00", null))).isEqualTo(Refusal.NO_ISP);
    }
}
