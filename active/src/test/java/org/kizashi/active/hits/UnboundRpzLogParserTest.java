package org.kizashi.active.hits;

import org.kizashi.active.LineProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.net.IpAddress;

class UnboundRpzLogParserTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);

    private final List<BlockEvent> events = new ArrayList<>();
    private final List<LineProblem> problems = new ArrayList<>();

    private ParseSummary parse(String text) throws IOException {
        return parse(text, NOW);
    }

    private ParseSummary parse(String text, Clock clock) throws IOException {
        return new UnboundRpzLogParser("rpz", LogTimestamps.JAPAN, clock)
                .parse(new StringReader(text), "unbound.log", events::add, problems::add);
    }

    @Test
    void readsUnboundsOwnLogFileWithEpochTimes() throws IOException {
        ParseSummary summary = parse("[1763892384] unbound[2412:0] info: rpz: applied [kizashi-cc] c2.Evil-Example.jp."
                + " rpz-nxdomain 192.0.2.15@51234 c2.evil-example.jp. A IN\n");

        assertThat(problems).isEmpty();
        assertThat(summary).isEqualTo(new ParseSummary(1, 1, 0, 0));
        BlockEvent e = events.get(0);
        assertThat(e.time()).isEqualTo(Instant.ofEpochSecond(1763892384));
        assertThat(e.client()).isEqualTo(IpAddress.parse("192.0.2.15"));
        assertThat(e.queryName()).isEqualTo("c2.evil-example.jp");
        assertThat(e.list()).isEqualTo("kizashi-cc");
        assertThat(e.action()).isEqualTo("nxdomain");
        assertThat(e.policyAction()).contains(PolicyAction.NXDOMAIN);
        assertThat(e.origin()).isEqualTo(BlockEvent.Origin.UNBOUND);
        assertThat(e.trigger()).isEqualTo("qname c2.evil-example.jp");
        assertThat(e.isBlock()).isTrue();
        assertThat(e.sinkhole()).isEmpty();
    }

    @Test
    void readsTheBareActionNamesOfOlderVersionsAndTheirRpzAppliedSpelling() throws IOException {
        parse("""
                [1700000000] unbound[1234:0] info: rpz: applied [kizashi] evil.example.com. nxdomain 127.0.0.1@40000 \
                evil.example.com. A IN
                Nov 23 19:06:24 gw unbound: [41788:0] info: RPZ applied vortex.example.net. nodata 10.0.0.5@51516 \
                vortex.example.net. AAAA IN
                """);

        assertThat(problems).isEmpty();
        assertThat(events).extracting(BlockEvent::action).containsExactly("nxdomain", "nodata");
        assertThat(events.get(0).time()).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(events.get(1).list()).isEqualTo("rpz"); // no [name]: the default list
        assertThat(events.get(1).queryName()).isEqualTo("vortex.example.net");
    }

    @Test
    void readsSyslogAndLogTimeAsciiTimesAsJapanTimeOfTheInferredYear() throws IOException {
        parse("""
                Nov 23 19:06:24 resolver1 unbound: [1234:0] info: rpz: applied [kizashi] evil.example. rpz-nxdomain \
                192.0.2.7@40000 evil.example. A IN
                Nov  3 07:00:00 unbound[1234:1] info: rpz: applied [kizashi] evil.example. rpz-drop \
                192.0.2.8@40001 evil.example. A IN
                2026-11-23T19:06:24.123456+09:00 resolver1 unbound: [1234:3] info: rpz: applied [kizashi] \
                evil.example. rpz-local-data 192.0.2.9@40002 evil.example. A IN
                """);

        assertThat(problems).isEmpty();
        assertThat(events).extracting(BlockEvent::time).containsExactly(
                Instant.parse("2026-11-23T10:06:24Z"),
                Instant.parse("2026-11-02T22:00:00Z"),
                Instant.parse("2026-11-23T10:06:24.123456Z"));
        assertThat(events).extracting(BlockEvent::action).containsExactly("nxdomain", "drop", "local-data");
        assertThat(events.get(2).policyAction()).isEmpty();
    }

    @Test
    void aSyslogTimeLaterThanNowBelongsToLastYear() throws IOException {
        Clock january = Clock.fixed(Instant.parse("2027-01-01T01:00:00Z"), ZoneOffset.UTC);
        parse("""
                Dec 31 23:59:59 r1 unbound: [1:0] info: rpz: applied a.example. rpz-nxdomain 192.0.2.1@1 a.example. A IN
                Jan  1 09:30:00 r1 unbound: [1:0] info: rpz: applied a.example. rpz-nxdomain 192.0.2.1@1 a.example. A IN
                """, january);

        assertThat(events).extracting(BlockEvent::time).containsExactly(
                Instant.parse("2026-12-31T14:59:59Z"), Instant.parse("2027-01-01T00:30:00Z"));
    }

    @Test
    void readsTriggerKindsIpv6ClientsAndResponseIpHits() throws IOException {
        parse("""
                [1763892384] unbound[1:0] info: rpz: applied [kizashi] clientip 192.0.2.0/24 rpz-passthru \
                192.0.2.44@5353 www.example.org. A IN
                [1763892384] unbound[1:0] info: rpz: applied [kizashi] nsdname ns1.bad-dns.example. rpz-nxdomain \
                2001:db8:1::53@41000 host.bad-dns.example. AAAA IN
                [1763892384] unbound[1:0] info: rpz: applied [ip list] 203.0.113.66/32 rpz-nxdomain \
                2001:db8::7@41001 cdn.example. A IN
                """);

        assertThat(problems).isEmpty();
        assertThat(events).extracting(BlockEvent::trigger).containsExactly(
                "clientip 192.0.2.0/24", "nsdname ns1.bad-dns.example", "response-ip 203.0.113.66/32");
        assertThat(events.get(0).isBlock()).isFalse(); // an opt-out: the subscriber got the answer
        assertThat(events.get(1).client()).isEqualTo(IpAddress.parse("2001:db8:1::53"));
        assertThat(events.get(2).list()).isEqualTo("ip list");
    }

    @Test
    void skipsOtherLinesAndInternalQueriesButReportsBrokenRpzLinesWithFileAndLine() throws IOException {
        ParseSummary summary = parse("""
                [1763892384] unbound[1:0] notice: init module 0: respip
                [1763892384] unbound[1:0] info: rpz: applied [k] a.example. rpz-nxdomain 192.0.2.1@1 a.example. A IN
                [1763892384] unbound[1:0] info: rpz: applied [k] a.example. rpz-nxdomain 192.0.2.1 a.example. A IN
                [1763892384] unbound[1:0] info: rpz: applied [k] a.example. rpz-explode 192.0.2.1@1 a.example. A IN
                [1763892384] unbound[1:0] info: rpz: applied [k] a.example. rpz-nxdomain 192.0.2.1@1
                rpz: applied [k] a.example. rpz-nxdomain 192.0.2.1@1 a.example. A IN
                [1763892384] unbound[1:0] info: rpz: applied [k] a.example. rpz-nxdomain 999.0.2.1@1 a.example. A IN
                [1763892384] unbound[1:0] info: rpz: applied [k] a.example. rpz-nxdomain  a.example. A IN
                [1763892384] unbound[1:0] info: rpz: applied [k] b.example. rpz-nodata 192.0.2.2@2 b.example. A IN
                """);

        assertThat(events).extracting(BlockEvent::queryName).containsExactly("a.example", "b.example");
        assertThat(problems).extracting(LineProblem::line).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(problems.get(0).toString()).startsWith("unbound.log:3: ").contains("address@port");
        assertThat(problems.get(1).message()).contains("unknown action 'rpz-explode'");
        assertThat(problems.get(2).message()).contains("found 3 fields");
        assertThat(problems.get(3).message()).contains("no time");
        assertThat(problems.get(4).message()).contains("999.0.2.1");
        assertThat(summary).isEqualTo(new ParseSummary(9, 2, 2, 5));
    }
}
