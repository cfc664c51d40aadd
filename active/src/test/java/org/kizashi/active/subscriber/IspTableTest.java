package org.kizashi.active.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

class IspTableTest {
    private static IspTable sampleTable() throws IOException {
        return IspTable.read(TestFiles.sample("isp-table.csv"));
    }

    private static String ispOf(IspTable table, String address) {
        return table.lookup(IpAddress.parse(address)).map(IspEntry::isp).orElse(null);
    }

    @Test
    void theLongestPrefixDecidesTheIsp() throws IOException {
        IspTable table = sampleTable();
        assertThat(ispOf(table, "198.51.100.23")).isEqualTo("example-net");
        assertThat(ispOf(table, "198.51.100.127")).isEqualTo("example-net");
        assertThat(ispOf(table, "198.51.100.128")).isEqualTo("Example Hikari Co., Ltd.");
        assertThat(ispOf(table, "198.51.100.255")).isEqualTo("Example Hikari Co., Ltd.");
        assertThat(ispOf(table, "198.51.101.0")).isNull();
        assertThat(ispOf(table, "2001:db8:1000:1234::1")).isEqualTo("example-net");
        assertThat(ispOf(table, "2001:db8:2fff:ffff:ffff:ffff:ffff:ffff")).isEqualTo("kizashi-cable");
        assertThat(ispOf(table, "2001:db8:3000::1")).isEqualTo("upstream-transit");
        assertThat(ispOf(table, "2001:db9::1")).isNull();
        Optional<IspEntry> hikari = table.lookup(IpAddress.parse("198.51.100.200"));
        assertThat(hikari).get().extracting(IspEntry::asn, IspEntry::prefix)
                .containsExactly(64501L, IpPrefix.parse("198.51.100.128/25"));
    }

    @Test
    void badLinesDuplicatesAndConflictsAreReportedWithFileAndLine() throws IOException {
        IspTable table = sampleTable();
        assertThat(table.size()).isEqualTo(7);
        assertThat(table.problems()).extracting(ImportProblem::toString).satisfiesExactly(
                p -> assertThat(p).startsWith(TestFiles.at("isp-table.csv", 10) + ": duplicate of "
                        + TestFiles.at("isp-table.csv", 3)),
                p -> assertThat(p).startsWith(TestFiles.at("isp-table.csv", 11) + ": conflicting assignment")
                        .contains("kizashi-cable (AS64502)", "other-isp (AS64505)"),
                p -> assertThat(p).startsWith(TestFiles.at("isp-table.csv", 12) + ": invalid prefix")
                        .contains("host bits set"),
                p -> assertThat(p).startsWith(TestFiles.at("isp-table.csv", 13) + ": invalid AS number 'AS-ONE'"),
                p -> assertThat(p).startsWith(TestFiles.at("isp-table.csv", 14) + ": the ISP is empty"),
                p -> assertThat(p).startsWith(TestFiles.at("isp-table.csv", 15) + ": invalid prefix"));
        assertThat(ispOf(table, "203.0.113.1")).isEqualTo("kizashi-cable");
    }

    @Test
    void anIpv6DefaultRouteDoesNotSwallowIpv4Addresses() {
        IspTable table = IspTable.of(List.of(new IspEntry(IpPrefix.parse("::/0"), 64500, "v6-default"),
                new IspEntry(IpPrefix.parse("0.0.0.0/0"), 64501, "v4-default"),
                new IspEntry(IpPrefix.parse("192.0.2.1/32"), 64502, "one-host")));
        assertThat(ispOf(table, "192.0.2.1")).isEqualTo("one-host");
        assertThat(ispOf(table, "192.0.2.2")).isEqualTo("v4-default");
        assertThat(ispOf(table, "255.255.255.255")).isEqualTo("v4-default");
        assertThat(ispOf(table, "::ffff:ffff")).isEqualTo("v6-default");
        assertThat(ispOf(table, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo("v6-default");
        assertThat(ispOf(table, "::")).isEqualTo("v6-default");
    }

    @Test
    void nestedPrefixesSharingEdgesAreFlattenedCorrectly() {
        IspTable table = IspTable.of(List.of(
                new IspEntry(IpPrefix.parse("10.0.0.0/8"), 1, "a"),
                new IspEntry(IpPrefix.parse("10.0.0.0/16"), 2, "b"),
                new IspEntry(IpPrefix.parse("10.0.0.0/24"), 3, "c"),
                new IspEntry(IpPrefix.parse("10.0.255.0/24"), 4, "d"),
                new IspEntry(IpPrefix.parse("10.255.255.255/32"), 5, "e"),
                new IspEntry(IpPrefix.parse("10.0.0.0/16"), 6, "b2")));
        assertThat(ispOf(table, "10.0.0.0")).isEqualTo("c");
        assertThat(ispOf(table, "10.0.0.255")).isEqualTo("c");
        assertThat(ispOf(table, "10.0.1.0")).isEqualTo("b");
        assertThat(ispOf(table, "10.0.254.255")).isEqualTo("b");
        assertThat(ispOf(table, "10.0.255.255")).isEqualTo("d");
        assertThat(ispOf(table, "10.1.0.0")).isEqualTo("a");
        assertThat(ispOf(table, "10.255.255.254")).isEqualTo("a");
        assertThat(ispOf(table, "10.255.255.255")).isEqualTo("e");
        assertThat(ispOf(table, "11.0.0.0")).isNull();
        assertThat(table.problems()).singleElement().extracting(ImportProblem::toString)
                .asString().startsWith("entries:6: conflicting assignment");
    }

    @Test
    void aFileWithoutTheHeaderImportsNothingAndSaysWhy(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("isp.csv"), "198.51.100.0/24,64500,example-net\n");
        IspTable table = IspTable.read(csv);
        assertThat(table.size()).isZero();
        assertThat(table.problems()).singleElement().extracting(ImportProblem::toString).asString()
                .startsWith(csv + ":1: the header must name the columns prefix,asn,isp");
    }

    @Test
    void extraColumnsQuotesAndAByteOrderMarkAreFine(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("isp.csv"), "\uFEFFisp,note,prefix,asn\r\n"
                + "\"Kizashi \"\"Cable\"\"\",\"a, b\",203.0.113.0/24,AS64502\r\n"
                + "broken,\"unterminated,203.0.113.0/25,1\r\n");
        IspTable table = IspTable.read(csv);
        assertThat(ispOf(table, "203.0.113.9")).isEqualTo("Kizashi \"Cable\"");
        assertThat(table.problems()).singleElement().extracting(ImportProblem::toString).asString()
                .isEqualTo(csv + ":3: unterminated quoted field");
    }
}
