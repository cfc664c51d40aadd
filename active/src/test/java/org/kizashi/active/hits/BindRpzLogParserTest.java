package org.kizashi.active.hits;

import org.kizashi.active.LineProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.net.IpAddress;

class BindRpzLogParserTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
    private static final List<String> ZONES = List.of("rpz.kizashi", "cc.rpz.kizashi", "allow.rpz.kizashi");

    private final List<BlockEvent> events = new ArrayList<>();
    private final List<LineProblem> problems = new ArrayList<>();

    private ParseSummary parse(Collection<String> zones, String text) throws IOException {
        return new BindRpzLogParser(zones, LogTimestamps.JAPAN, NOW)
                .parse(new StringReader(text), "named-rpz.log", events::add, problems::add);
    }

    @Test
    void readsARewriteWithPrintTimeCategoryAndSeverity() throws IOException {
        ParseSummary summary = parse(ZONES, "23-Nov-2026 19:06:24.123 rpz: info: client @0x7f2a4c0d1168 "
                + "192.0.2.7#53000 (C2.Evil.example): rpz QNAME NXDOMAIN rewrite c2.evil.example/A/IN via "
                + "c2.evil.example.cc.rpz.kizashi\n");

        assertThat(problems).isEmpty();
        assertThat(summary).isEqualTo(new ParseSummary(1, 1, 0, 0));
        BlockEvent e = events.get(0);
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-23T10:06:24.123Z"));
        assertThat(e.client()).isEqualTo(IpAddress.parse("192.0.2.7"));
        assertThat(e.queryName()).isEqualTo("c2.evil.example");
        assertThat(e.list()).isEqualTo("cc.rpz.kizashi"); // the longest known zone, not rpz.kizashi
        assertThat(e.action()).isEqualTo("nxdomain");
        assertThat(e.policyAction()).contains(PolicyAction.NXDOMAIN);
        assertThat(e.origin()).isEqualTo(BlockEvent.Origin.BIND);
        assertThat(e.trigger()).isEqualTo("qname c2.evil.example.cc.rpz.kizashi");
    }

    @Test
    void readsEveryPolicyTypeAndActionWhateverPrecedesTheClient() throws IOException {
        parse(ZONES, """
                23-Nov-2026 19:06:25.000 client @0x7f2a4c0d1168 2001:db8:10::5#41234 (www.evil.example): view \
                subscribers: rpz QNAME NODATA rewrite www.evil.example/AAAA/IN via *.evil.example.rpz.kizashi
                Nov 23 19:06:26 ns1 named[812]: client @0x7f2a4c0d2000 192.0.2.8#5300 (mail.example.net): rpz IP \
                Local-Data rewrite mail.example.net/A/IN via 32.66.113.0.203.rpz-ip.rpz.kizashi
                2026-11-23T19:06:27.500+09:00 ns1 named[812]: client @0x7f2a4c0d2000 192.0.2.9#5301 (a.example.org): \
                rpz NSDNAME CNAME rewrite a.example.org/A/IN via ns.bad-dns.example.rpz-nsdname.rpz.kizashi
                23-Nov-2026 19:06:28.000 rpz: info: client @0x1 192.0.2.10#1 (ok.example): rpz CLIENT-IP PASSTHRU \
                rewrite ok.example/A/IN via 24.0.2.0.192.rpz-client-ip.allow.rpz.kizashi
                23-Nov-2026 19:06:29.000 rpz: info: client @0x1 192.0.2.11#2 (x.example): rpz NSIP DROP \
                rewrite x.example/A/IN via 32.53.113.0.203.rpz-nsip.rpz.kizashi
                23-Nov-2026 19:06:30.000 rpz: info: client @0x1 192.0.2.12#3 (old.example): disabled rpz QNAME \
                NXDOMAIN rewrite old.example/A/IN via old.example.rpz.kizashi
                """);

        assertThat(problems).isEmpty();
        assertThat(events).extracting(BlockEvent::action)
                .containsExactly("nodata", "local-data", "cname", "passthru", "drop", "disabled");
        assertThat(events).extracting(BlockEvent::list).containsExactly("rpz.kizashi", "rpz.kizashi",
                "rpz.kizashi", "allow.rpz.kizashi", "rpz.kizashi", "rpz.kizashi");
        assertThat(events).extracting(BlockEvent::time).containsExactly(
                Instant.parse("2026-11-23T10:06:25Z"), Instant.parse("2026-11-23T10:06:26Z"),
                Instant.parse("2026-11-23T10:06:27.500Z"), Instant.parse("2026-11-23T10:06:28Z"),
                Instant.parse("2026-11-23T10:06:29Z"), Instant.parse("2026-11-23T10:06:30Z"));
        assertThat(events.get(0).client()).isEqualTo(IpAddress.parse("2001:db8:10::5"));
        assertThat(events.get(1).trigger()).isEqualTo("ip 32.66.113.0.203.rpz-ip.rpz.kizashi");
        assertThat(events).extracting(BlockEvent::isBlock).containsExactly(true, true, true, false, true, false);
    }

    @Test
    void derivesTheZoneFromTheOwnerNameWhenNoZonesAreGiven() throws IOException {
        parse(List.of(), """
                23-Nov-2026 19:06:24.123 client @0x1 192.0.2.7#53000 (c2.evil.example): rpz QNAME NXDOMAIN \
                rewrite c2.evil.example/A/IN via c2.evil.example.cc.rpz.kizashi
                23-Nov-2026 19:06:24.123 client @0x1 192.0.2.7#53000 (a.b.evil.example): rpz QNAME NXDOMAIN \
                rewrite a.b.evil.example/A/IN via *.evil.example.wild.rpz
                23-Nov-2026 19:06:24.123 client @0x1 192.0.2.7#53000 (mail.example.net): rpz IP NXDOMAIN \
                rewrite mail.example.net/A/IN via 32.66.113.0.203.rpz-ip.ip.rpz
                23-Nov-2026 19:06:24.123 client @0x1 192.0.2.7#53000 (cdn.example): rpz QNAME NXDOMAIN \
                rewrite target.example/A/IN via other.example.rpz (CNAME to: target.example)
                """);

        assertThat(events).extracting(BlockEvent::list).containsExactly("cc.rpz.kizashi", "wild.rpz", "ip.rpz");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("cannot tell the policy zone", "other.example.rpz");
        });
    }

    @Test
    void reportsRewritesThatDoNotReadAndSkipsOtherMessages() throws IOException {
        ParseSummary summary = parse(ZONES, """
                23-Nov-2026 19:00:00.000 rpz: info: rpz: rpz.kizashi: reload done
                23-Nov-2026 19:00:01.000 general: info: zone rpz.kizashi/IN: transferred serial 2026112301
                23-Nov-2026 19:06:24.123 rpz: info: client @0x1 192.0.2.7 (a.example): rpz QNAME NXDOMAIN \
                rewrite a.example/A/IN via a.example.rpz.kizashi
                23-Nov-2026 19:06:24.123 rpz: info: client @0x1 192.0.2.7#53 (a.example): rpz QNAME WHATEVER \
                rewrite a.example/A/IN via a.example.rpz.kizashi
                client @0x1 192.0.2.7#53 (a.example): rpz QNAME NXDOMAIN rewrite a.example/A/IN \
                via a.example.rpz.kizashi
                23-Nov-2026 19:06:24.123 rpz: info: client @0x1 192.0.2.7#53 (a.example): rpz QNAME NXDOMAIN \
                rewrite a.example/A/IN via a.example.elsewhere
                23-Nov-2026 19:06:24.123 rpz: info: rpz QNAME NXDOMAIN rewrite a.example/A/IN via a.example.rpz.kizashi
                23-Nov-2026 19:06:24.123 rpz: info: client @0x1 192.0.2.7#53 (b.example): rpz QNAME NXDOMAIN \
                rewrite b.example/A/IN via b.example.rpz.kizashi
                """);

        assertThat(events).extracting(BlockEvent::queryName).containsExactly("b.example");
        assertThat(problems).extracting(LineProblem::line).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(problems.get(0).toString()).startsWith("named-rpz.log:3: ").contains("address#port");
        assertThat(problems.get(1).message()).contains("unknown rpz policy 'WHATEVER'");
        assertThat(problems.get(2).message()).contains("no time");
        assertThat(problems.get(3).message()).contains("none of the known zones");
        assertThat(problems.get(4).message()).contains("client @");
        assertThat(summary).isEqualTo(new ParseSummary(8, 1, 2, 5));
    }
}
