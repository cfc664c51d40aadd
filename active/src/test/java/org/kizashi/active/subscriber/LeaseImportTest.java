package org.kizashi.active.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpPrefix;

class LeaseImportTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final Instant AS_OF = Instant.parse("2026-11-24T03:00:00Z");
    private static final String DETAIL = "radacct/192.0.2.1/detail-20261123";
    private static final String DETAIL_NEXT_DAY = "radacct/192.0.2.1/detail-20261124";

    @TempDir
    Path dir;

    private static AddressLease only(List<AddressLease> leases, String subscriber, String addresses) {
        List<AddressLease> found = leases.stream()
                .filter(l -> l.subscriber().equals(subscriber) && l.addresses().equals(IpPrefix.parse(addresses)))
                .toList();
        assertThat(found).as(subscriber + " on " + addresses).hasSize(1);
        return found.get(0);
    }

    private static Instant jst(String localTime) {
        return LocalDateTime.parse(localTime).atZone(TOKYO).toInstant();
    }

    private static List<String> lines(List<SourceLine> sources) {
        return sources.stream().map(SourceLine::toString).toList();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    // --- RADIUS accounting detail files ---

    @Test
    void radiusStartInterimAndStopBecomeOneLeasePerAddress() throws IOException {
        LeaseImport imported = new LeaseImport(TOKYO, AS_OF).radiusDetail(TestFiles.sample("radacct"));
        List<AddressLease> leases = imported.leases();

        AddressLease alice = only(leases, "alice@example.ne.jp", "198.51.100.23/32");
        assertThat(alice.start()).isEqualTo(jst("2026-11-23T09:00:00"));
        assertThat(alice.end()).isEqualTo(jst("2026-11-23T12:00:00"));
        assertThat(alice.ports()).isNull();
        assertThat(lines(alice.sources())).containsExactly(TestFiles.at(DETAIL, 1), TestFiles.at(DETAIL, 24),
                TestFiles.at(DETAIL, 91));
        assertThat(only(leases, "alice@example.ne.jp", "2001:db8:1000:1200::/56").end())
                .isEqualTo(jst("2026-11-23T12:00:00"));
        assertThat(only(leases, "alice@example.ne.jp", "2001:db8:1000:10::/64").start())
                .isEqualTo(jst("2026-11-23T09:00:00"));

        AddressLease bob = only(leases, "bob@example.ne.jp", "198.51.100.24/32");
        assertThat(bob.end()).as("Stop in the next day's file").isEqualTo(jst("2026-11-24T01:00:00"));
        assertThat(lines(bob.sources())).containsExactly(TestFiles.at(DETAIL, 15), TestFiles.at(DETAIL_NEXT_DAY, 1));

        AddressLease frank = only(leases, "frank@example.ne.jp", "198.51.100.30/32");
        assertThat(frank.isOpen()).isTrue();
        assertThat(frank.lastSeen()).isEqualTo(jst("2026-11-23T11:00:00"));

        AddressLease heidi = only(leases, "heidi@example.ne.jp", "198.51.100.40/32");
        assertThat(heidi.start()).as("Stop only: start from Acct-Session-Time").isEqualTo(jst("2026-11-24T00:00:00"));

        AddressLease ivan = only(leases, "ivan@example.ne.jp", "198.51.100.50/32");
        assertThat(ivan.end()).as("ended by the NAS's Accounting-On").isEqualTo(jst("2026-11-24T05:00:00"));
        assertThat(lines(ivan.sources())).containsExactly(TestFiles.at(DETAIL_NEXT_DAY, 19),
                TestFiles.at(DETAIL_NEXT_DAY, 27));
        assertThat(leases).hasSize(11);
    }

    @Test
    void radiusCgnatPortBlocksInBothStyles() throws IOException {
        List<AddressLease> leases = new LeaseImport(TOKYO, AS_OF).radiusDetail(TestFiles.sample("radacct")).leases();
        AddressLease dave = only(leases, "dave@mobile.example", "192.0.2.10/32");
        assertThat(dave.ports()).isEqualTo(new PortRange(1024, 2047));
        assertThat(dave.isOpen()).isTrue();
        AddressLease erin = only(leases, "erin@mobile.example", "192.0.2.10/32");
        assertThat(erin.ports()).isEqualTo(new PortRange(2048, 3071));
        assertThat(erin.start()).as("epoch Event-Timestamp").isEqualTo(jst("2026-11-23T09:05:00"));
        assertThat(erin.end()).isEqualTo(jst("2026-11-23T18:00:00"));
        assertThat(leases).noneMatch(l -> l.addresses().equals(IpPrefix.parse("100.64.1.2/32")));
    }

    @Test
    void radiusProblemsNameFileAndLineWhileTheRestIsImported() throws IOException {
        LeaseImport imported = new LeaseImport(TOKYO, AS_OF).radiusDetail(TestFiles.sample("radacct"));
        assertThat(imported.problems()).extracting(ImportProblem::toString).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).startsWith(TestFiles.at(DETAIL, 57) + ": unknown Acct-Status-Type 'Frobnicate'"),
                p -> assertThat(p).isEqualTo(TestFiles.at(DETAIL, 62) + ": missing User-Name"),
                p -> assertThat(p).startsWith(TestFiles.at(DETAIL, 72) + ": Event-Timestamp: unparseable date"),
                p -> assertThat(p).startsWith(TestFiles.at(DETAIL, 119) + ": the session ends")
                        .contains("before it starts", TestFiles.at(DETAIL, 111)));
        assertThat(imported.leases()).noneMatch(l -> l.subscriber().startsWith("zed")
                || l.subscriber().startsWith("yves") || l.subscriber().startsWith("mallory"));
    }

    @Test
    void radiusRecordsWithoutEventTimestampUseTheServerClockLessTheDelay() throws IOException {
        Path detail = write("detail-20261123", """
                Mon Nov 23 10:00:30 2026
                \tAcct-Status-Type = Start
                \tAcct-Session-Id = "S1"
                \tUser-Name = "\\344\\270\\200\\\\taro"
                \tFramed-IP-Address = 198.51.100.60
                \tAcct-Delay-Time = 30

                Mon Nov 23 11:00:00 2026
                \tAcct-Status-Type = 2
                \tAcct-Session-Id = "S1"
                \tUser-Name = "\\344\\270\\200\\\\taro"
                \tFramed-IP-Address = 198.51.100.60
                \tTimestamp = 1795399500
                """);
        AddressLease lease = new LeaseImport(TOKYO, AS_OF).radiusDetail(detail).leases().get(0);
        assertThat(lease.subscriber()).isEqualTo("一\\taro");
        assertThat(lease.start()).isEqualTo(jst("2026-11-23T10:00:00"));
        assertThat(lease.end()).as("Timestamp attribute wins over the date line").isEqualTo(
                Instant.ofEpochSecond(1795399500));
    }

    @Test
    void radiusFilesMayBeCompressedAndSessionIdsReused() throws IOException {
        String text = """
                Mon Nov 23 10:00:00 2026
                \tAcct-Status-Type = Start
                \tAcct-Session-Id = "00000001"
                \tUser-Name = "kenji"
                \tFramed-IP-Address = 198.51.100.61
                \tEvent-Timestamp = "Nov 23 2026 10:00:00 JST"

                Mon Nov 23 11:00:00 2026
                \tAcct-Status-Type = Stop
                \tAcct-Session-Id = "00000001"
                \tUser-Name = "kenji"
                \tFramed-IP-Address = 198.51.100.61
                \tEvent-Timestamp = "Nov 23 2026 11:00:00 JST"

                Mon Nov 23 12:00:00 2026
                \tAcct-Status-Type = Start
                \tAcct-Session-Id = "00000001"
                \tUser-Name = "kenji"
                \tFramed-IP-Address = 198.51.100.61
                \tEvent-Timestamp = "Nov 23 2026 12:00:00 UTC"
                """;
        Path gz = dir.resolve("detail-20261123.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        List<AddressLease> leases = new LeaseImport(TOKYO, AS_OF).radiusDetail(dir).leases();
        assertThat(leases).extracting(AddressLease::start, AddressLease::end).containsExactlyInAnyOrder(
                tuple(jst("2026-11-23T10:00:00"), jst("2026-11-23T11:00:00")),
                tuple(Instant.parse("2026-11-23T12:00:00Z"), null));
    }

    @Test
    void dualStackBehindCgnatKeepsTheIpv6PrefixWhole() throws IOException {
        Path detail = write("detail-20261123", """
                Mon Nov 23 10:00:00 2026
                \tAcct-Status-Type = Start
                \tAcct-Session-Id = "M1"
                \tUser-Name = "mobile-7"
                \tFramed-IP-Address = 100.64.3.4
                \tNAT-Public-IP = 192.0.2.11
                \tPort-Block-Start = 4096
                \tPort-Block-Size = 512
                \tDelegated-IPv6-Prefix = 2001:db8:1000:4400::/56
                \tFramed-IPv6-Prefix = 2001:db8:1000:44:1::/64
                """);
        LeaseImport imported = new LeaseImport(TOKYO, AS_OF).radiusDetail(detail);
        assertThat(imported.leases()).extracting(l -> l.addresses().toString(), AddressLease::ports)
                .containsExactlyInAnyOrder(tuple("192.0.2.11/32", new PortRange(4096, 4607)),
                        tuple("2001:db8:1000:4400::/56", null));
        assertThat(imported.problems()).singleElement().extracting(ImportProblem::toString).asString()
                .startsWith(detail + ":10: invalid framed-ipv6-prefix: invalid prefix '2001:db8:1000:44:1::/64'");
    }

    @Test
    void radiusRecordsThatCannotBeUsedAreReported() throws IOException {
        Path detail = write("detail", """
                \tUser-Name = "orphan"
                Mon Nov 23 10:00:00 2026
                \tAcct-Status-Type = Stop
                \tAcct-Session-Id = "A"
                \tUser-Name = "no-start"
                \tFramed-IP-Address = 198.51.100.70

                Mon Nov 23 10:00:00 2026
                \tAcct-Status-Type = Start
                \tAcct-Session-Id = "B"
                \tUser-Name = "no-address"

                Mon Nov 23 10:00:00 2026
                \tAcct-Status-Type = Start
                \tAcct-Session-Id = "C"
                \tUser-Name = "shared"
                \tNAT-Public-IP = 192.0.2.10
                \tFramed-IP-Address = 198.51.100.71

                Not a date
                \tAcct-Status-Type = Start
                \tAcct-Session-Id = "D"
                \tUser-Name = "d"
                \tFramed-IP-Address = 198.51.100.72

                Mon Nov 23 10:00:00 2026
                \tAcct-Status-Type = Start
                \tAcct-Session-Id = "E"
                \tUser-Name = "e"
                \tNAT-Port-Range = "2048-1024"
                \tFramed-IP-Address = 192.0.2.10
                \tgarbage without equals sign

                Mon Nov 23 10:00:00 2026
                \tAcct-Status-Type = Accounting-Off
                """);
        LeaseImport imported = new LeaseImport(TOKYO, AS_OF).radiusDetail(detail);
        assertThat(imported.problems()).extracting(ImportProblem::toString).containsExactlyInAnyOrder(
                detail + ":1: attribute line outside a record (no date line before it)",
                detail + ":8: no address: none of Framed-IP-Address, Framed-IPv6-Prefix, Delegated-IPv6-Prefix"
                        + " or a NAT public address with a port block",
                detail + ":17: NAT-Public-IP without a port block, ignored: a shared address is not one"
                        + " subscriber's",
                detail + ":20: record date: not a date like 'Mon Nov 23 19:06:24 2026': 'Not a date'",
                detail + ":30: invalid port block: invalid port range 2048-1024",
                detail + ":32: not an 'Attribute = value' line: 'garbage without equals sign'",
                detail + ":34: Accounting-Off without NAS-IP-Address or NAS-Identifier",
                detail + ":2: Stop without a Start record and without Acct-Session-Time: the session's start is"
                        + " unknown");
        assertThat(imported.leases()).singleElement().extracting(AddressLease::subscriber).isEqualTo("shared");
    }

    // --- DHCP lease files ---

    @Test
    void iscDhcpdJournalEntriesFoldIntoBindings() throws IOException {
        LeaseImport imported = new LeaseImport(TOKYO, AS_OF).iscDhcpdLeases(TestFiles.sample("dhcpd.leases"));
        List<AddressLease> leases = imported.leases();
        AddressLease released = only(leases, "mac:52:54:00:12:34:56", "203.0.113.10/32");
        assertThat(released.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(released.end()).as("renewed, then released at 08:00").isEqualTo(
                Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(lines(released.sources())).containsExactly(TestFiles.at("dhcpd.leases", 14),
                TestFiles.at("dhcpd.leases", 37));
        AddressLease relayed = only(leases, "remote-id:subscriber-0042", "203.0.113.10/32");
        assertThat(relayed.start()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(relayed.end()).isEqualTo(Instant.parse("2026-11-23T21:00:00Z"));
        AddressLease forever = only(leases, "mac:52:54:00:00:00:11", "203.0.113.11/32");
        assertThat(forever.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(forever.isOpen()).isTrue();
        assertThat(leases).hasSize(3);
        assertThat(imported.problems()).extracting(ImportProblem::toString).satisfiesExactly(
                p -> assertThat(p).startsWith(TestFiles.at("dhcpd.leases", 64) + ": 'starts': not a date"),
                p -> assertThat(p).startsWith(TestFiles.at("dhcpd.leases", 69) + ": lease of 203.0.113.13 ends"),
                p -> assertThat(p).isEqualTo(TestFiles.at("dhcpd.leases", 75) + ": active lease of 203.0.113.14"
                        + " without hardware ethernet, uid or relay agent id"));
    }

    @Test
    void iscClientIdsWithoutHardwareAddressBecomeHex() throws IOException {
        Path file = write("dhcpd.leases", """
                lease 203.0.113.20 {
                  starts 1 2026/11/23 00:00:00;
                  ends 1 2026/11/23 01:00:00;
                  uid "\\001RT\\000\\0224V";
                }
                """);
        assertThat(new LeaseImport(TOKYO, AS_OF).iscDhcpdLeases(file).leases()).singleElement()
                .extracting(AddressLease::subscriber).isEqualTo("client-id:01:52:54:00:12:34:56");
    }

    @Test
    void keaLeaseRowsFoldIntoBindings() throws IOException {
        LeaseImport imported = new LeaseImport(TOKYO, AS_OF).keaLeases(TestFiles.sample("kea-leases4.csv"));
        List<AddressLease> leases = imported.leases();
        AddressLease first = only(leases, "mac:08:00:27:aa:bb:01", "203.0.113.50/32");
        assertThat(first.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(first.end()).as("renewed to 01:30, then deleted at 00:50")
                .isEqualTo(Instant.parse("2026-11-23T00:50:00Z"));
        assertThat(lines(first.sources())).containsExactly(TestFiles.at("kea-leases4.csv", 2),
                TestFiles.at("kea-leases4.csv", 4));
        AddressLease second = only(leases, "mac:08:00:27:aa:bb:02", "203.0.113.50/32");
        assertThat(second.start()).isEqualTo(Instant.parse("2026-11-23T02:00:00Z"));
        assertThat(second.end()).isEqualTo(Instant.parse("2026-11-23T03:00:00Z"));
        assertThat(leases).hasSize(2);
        assertThat(imported.problems()).extracting(ImportProblem::toString).satisfiesExactly(
                p -> assertThat(p).startsWith(TestFiles.at("kea-leases4.csv", 7) + ": invalid address"),
                p -> assertThat(p).isEqualTo(TestFiles.at("kea-leases4.csv", 8) + ": invalid expire '17953x'"),
                p -> assertThat(p).isEqualTo(TestFiles.at("kea-leases4.csv", 9) + ": unknown lease state 9"));
    }

    @Test
    void keaDhcpv6RowsHoldDelegatedPrefixes() throws IOException {
        LeaseImport imported = new LeaseImport(TOKYO, AS_OF).keaLeases(TestFiles.sample("kea-leases6.csv"));
        AddressLease pd = only(imported.leases(), "duid:00:01:00:01:2c:ef:36:8b:08:00:27:d5:e5:bf",
                "2001:db8:2000:100::/56");
        assertThat(pd.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(pd.end()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        only(imported.leases(), "duid:00:03:00:01:08:00:27:d5:e5:c0", "2001:db8:2000:ff::15/128");
        assertThat(imported.problems()).singleElement().extracting(ImportProblem::toString).asString()
                .startsWith(TestFiles.at("kea-leases6.csv", 4) + ": invalid delegated prefix");
    }

    // --- CGNAT mapping CSV ---

    @Test
    void cgnatMappingsKeepTheirPortBlocks() throws IOException {
        LeaseImport imported = new LeaseImport(TOKYO, AS_OF).cgnatMappings(TestFiles.sample("cgnat-mappings.csv"));
        List<AddressLease> leases = imported.leases();
        List<AddressLease> shared = leases.stream()
                .filter(l -> l.addresses().equals(IpPrefix.parse("192.0.2.20/32"))).toList();
        assertThat(shared).extracting(AddressLease::subscriber, AddressLease::ports, AddressLease::end)
                .containsExactly(
                        tuple("sub-1001", new PortRange(1024, 2047),
                                Instant.parse("2026-11-23T09:00:00Z")),
                        tuple("sub-1002", new PortRange(2048, 3071), null),
                        tuple("sub-1003", new PortRange(1024, 2047),
                                Instant.parse("2026-11-23T14:00:00Z")));
        assertThat(leases).hasSize(7);
        assertThat(imported.problems()).extracting(ImportProblem::toString).satisfiesExactly(
                p -> assertThat(p).isEqualTo(TestFiles.at("cgnat-mappings.csv", 5)
                        + ": invalid port range 'abc'-'2047'"),
                p -> assertThat(p).startsWith(TestFiles.at("cgnat-mappings.csv", 6) + ": the mapping ends"),
                p -> assertThat(p).startsWith(TestFiles.at("cgnat-mappings.csv", 11) + ": start: not an ISO-8601"));
    }

    @Test
    void readingMoreFilesAfterLookingExtendsTheLeases() throws IOException {
        LeaseImport imported = new LeaseImport(TOKYO, AS_OF);
        assertThat(imported.leases()).isEmpty();
        imported.cgnatMappings(TestFiles.sample("cgnat-mappings.csv"));
        assertThat(imported.leases()).hasSize(7);
        imported.keaLeases(TestFiles.sample("kea-leases4.csv"));
        assertThat(imported.leases()).hasSize(9);
        assertThat(imported.problems()).hasSize(6);
    }
}
