package org.kizashi.active.ip53b;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.active.LineProblem;
import org.kizashi.active.hits.ParseSummary;
import org.kizashi.core.net.IpAddress;

class OpenResolverReportParserTest {
    private static final String HEADER = "\"timestamp\",\"severity\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\","
            + "\"asn\",\"geo\",\"region\",\"city\",\"naics\",\"hostname_source\",\"sector\",\"dns_version\","
            + "\"min_amplification\"";

    private final List<OpenResolver> resolvers = new ArrayList<>();
    private final List<LineProblem> problems = new ArrayList<>();

    private ParseSummary parse(String text) throws IOException {
        return new OpenResolverReportParser().parse(new StringReader(text),
                "2026-03-01-scan_dns-asn-64500.csv", resolvers::add, problems::add);
    }

    @Test
    void readsAScanDnsReport() throws IOException {
        ParseSummary summary = parse(HEADER + "\n"
                + "\"2026-03-01 03:14:15Z\",\"high\",\"198.51.100.77\",\"udp\",53,"
                + "\"p77-ipngn.example.ne.jp\",\"openresolver\",64500,\"JP\",\"OSAKA\",\"OSAKA\",517311,\"ptr\","
                + "\"Communications\",\"dnsmasq-2.80\",\"28.5\"\r\n"
                + "\"2026-03-01 03:14:16Z\",\"high\",\"2001:db8:1::1\",\"udp\",53,,\"openresolver\",64500,\"JP\","
                + ",,,,,,\r\n");

        assertThat(problems).isEmpty();
        assertThat(summary).isEqualTo(new ParseSummary(3, 2, 0, 0));
        OpenResolver r = resolvers.get(0);
        assertThat(r.time()).isEqualTo(Instant.parse("2026-03-01T03:14:15Z"));
        assertThat(r.ip()).isEqualTo(IpAddress.parse("198.51.100.77"));
        assertThat(r.port()).isEqualTo(53);
        assertThat(r.protocol()).isEqualTo("udp");
        assertThat(r.asn()).isEqualTo(64500);
        assertThat(r.geo()).isEqualTo("JP");
        assertThat(r.hostname()).isEqualTo("p77-ipngn.example.ne.jp");
        assertThat(r.tag()).isEqualTo("openresolver");
        assertThat(r.severity()).isEqualTo("high");
        assertThat(r.dnsVersion()).isEqualTo("dnsmasq-2.80");
        assertThat(r.minAmplification()).hasValue(28.5);
        assertThat(resolvers.get(1).ip()).isEqualTo(IpAddress.parse("2001:db8:1::1"));
        assertThat(resolvers.get(1).minAmplification()).isEmpty();
    }

    @Test
    void reportsBadRowsByLineAndMissingColumnsOnce() throws IOException {
        parse("""
                timestamp,ip,asn,port,min_amplification
                2026-03-01 03:14:15Z,198.51.100.1,64500,53,2.0
                2026-03-01 03:14:15Z,,64500,53,2.0
                2026-03-01 03:14:15Z,198.51.100.3,-1,53,2.0
                2026-03-01 03:14:15Z,198.51.100.4,64500,53,lots
                yesterday,198.51.100.5,64500,53,2.0
                2026-03-01 03:14:15Z,198.51.100.6,64500,53,3.5
                """);

        assertThat(resolvers).extracting(r -> r.ip().toString()).containsExactly("198.51.100.1", "198.51.100.6");
        assertThat(problems).extracting(LineProblem::toString).satisfiesExactly(
                p -> assertThat(p).startsWith("2026-03-01-scan_dns-asn-64500.csv:3: ip is empty"),
                p -> assertThat(p).startsWith("2026-03-01-scan_dns-asn-64500.csv:4: asn"),
                p -> assertThat(p).startsWith("2026-03-01-scan_dns-asn-64500.csv:5: min_amplification"),
                p -> assertThat(p).startsWith("2026-03-01-scan_dns-asn-64500.csv:6: timestamp"));

        problems.clear();
        resolvers.clear();
        parse("timestamp,address,asn\n2026-03-01 03:14:15Z,198.51.100.1,64500\n");
        assertThat(resolvers).isEmpty();
        assertThat(problems).singleElement().extracting(LineProblem::message).asString()
                .contains("required column ip");
    }
}
