package org.kizashi.active.hits;

import org.kizashi.active.LineProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;

class SinkholeCsvParserTest {
    /** The event4_sinkhole_http columns, in the order Shadowserver writes them. */
    private static final String HTTP_HEADER = "timestamp,protocol,src_ip,src_port,src_asn,src_geo,src_region,"
            + "src_city,src_hostname,src_naics,src_sector,device_vendor,device_type,device_model,severity,dst_ip,"
            + "dst_port,dst_asn,dst_geo,dst_region,dst_city,dst_hostname,dst_naics,dst_sector,public_source,"
            + "infection,family,tag,application,version,event_id,http_url,http_host,http_agent,forwarded_by,"
            + "ssl_cipher,http_referer,ssl_servername,machine_name";

    private final List<BlockEvent> events = new ArrayList<>();
    private final List<LineProblem> problems = new ArrayList<>();

    private ParseSummary parse(String source, String text) throws IOException {
        return new SinkholeCsvParser().parse(new StringReader(text), source, events::add, problems::add);
    }

    @Test
    void readsAnHttpSinkholeReportWithQuotedFields() throws IOException {
        String file = HTTP_HEADER + "\n"
                + "2026-03-01 00:12:34Z,tcp,198.51.100.23,49152,64500,JP,TOKYO,CHIYODA,"
                + "p1234-ipngn.example.ne.jp,517311,Communications,,,,high,203.0.113.80,80,64511,US,CALIFORNIA,"
                + "SAN JOSE,sinkhole.example.org,,,CWG,andromeda,andromeda,\"botnet,c2\",http,,,"
                + "/gate.php?id=1,c2.Evil-Example.jp,\"Mozilla/4.0 (compatible; MSIE 7.0, \"\"bot\"\")\",,,,,\n";

        ParseSummary summary = parse("2026-03-01-event4_sinkhole_http-asn-64500.csv", file);

        assertThat(problems).isEmpty();
        assertThat(summary).isEqualTo(new ParseSummary(2, 1, 0, 0));
        BlockEvent e = events.get(0);
        assertThat(e.time()).isEqualTo(Instant.parse("2026-03-01T00:12:34Z"));
        assertThat(e.client()).isEqualTo(IpAddress.parse("198.51.100.23"));
        assertThat(e.queryName()).isEqualTo("c2.evil-example.jp");
        assertThat(e.list()).isEqualTo("event4_sinkhole_http");
        assertThat(e.action()).isEqualTo("sinkhole");
        assertThat(e.origin()).isEqualTo(BlockEvent.Origin.SINKHOLE);
        assertThat(e.isBlock()).isTrue();
        SinkholeDetail d = e.sinkhole().orElseThrow();
        assertThat(d.infection()).isEqualTo("andromeda");
        assertThat(d.family()).isEqualTo("andromeda");
        assertThat(d.tag()).isEqualTo("botnet,c2");
        assertThat(d.protocol()).isEqualTo("tcp");
        assertThat(d.sourcePort()).isEqualTo(49152);
        assertThat(d.sourceAsn()).isEqualTo(64500);
        assertThat(d.destination()).contains(IpAddress.parse("203.0.113.80"));
        assertThat(d.destinationPort()).isEqualTo(80);
        assertThat(d.count()).isEqualTo(1);
    }

    @Test
    void findsColumnsByNameIgnoresUnknownOnesAndReadsQuotedLineBreaks() throws IOException {
        String file = """
                family,src_ip,new_column,timestamp,infection,dst_port,query,count
                necurs,"192.0.2.5",x,2026-03-01 23:59:59Z,"necurs \"\"dga\"\"",53,dga-1.example.com,12
                conficker,192.0.2.6,"two
                lines",2026-03-02 00:00:00,conficker,53,,1
                """;

        ParseSummary summary = parse("sinkhole-dns.csv", file);

        assertThat(problems).isEmpty();
        assertThat(summary.accepted()).isEqualTo(2);
        assertThat(events).extracting(BlockEvent::list)
                .containsExactly("event4_sinkhole_dns", "event4_sinkhole_dns"); // from the columns
        assertThat(events.get(0).sinkhole().orElseThrow().infection()).isEqualTo("necurs \"dga\"");
        assertThat(events.get(0).queryName()).isEqualTo("dga-1.example.com");
        assertThat(events.get(0).count()).isEqualTo(12);
        assertThat(events.get(1).client()).isEqualTo(IpAddress.parse("192.0.2.6"));
        assertThat(events.get(1).time()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(events.get(1).queryName()).isEmpty();
        assertThat(events.get(1).sinkhole().orElseThrow().destination()).isEmpty();
    }

    @Test
    void aHeaderWithoutRequiredColumnsIsOneProblemNamingThemAndNothingIsRead() throws IOException {
        ParseSummary summary = parse("2026-03-01-event4_sinkhole-asn-64500.csv", """
                time,protocol,src_port,infection
                2026-03-01 00:12:34Z,tcp,49152,andromeda
                """);

        assertThat(events).isEmpty();
        assertThat(problems).singleElement().hasToString("2026-03-01-event4_sinkhole-asn-64500.csv:1: header lacks"
                + " required columns timestamp, src_ip; nothing read from this file");
        assertThat(summary.accepted()).isZero();
    }

    @Test
    void reportsBadRowsWithTheirLineAndKeepsTheRest() throws IOException {
        String file = """
                timestamp,src_ip,src_port,src_asn,infection
                2026-03-01 00:00:01Z,192.0.2.1,1000,64500,ok-1
                2026-03-01 00:00:02Z,192.0.2.300,1000,64500,bad-address
                2026-03-01 00:00:03Z,192.0.2.3,70000,64500,bad-port
                2026-03-01 00:00:04Z,192.0.2.4,1000,AS64500,bad-asn
                2026-03-01T25:00:00Z,192.0.2.5,1000,64500,bad-time
                2026-03-01 00:00:06Z,192.0.2.6,1000,64500
                2026-03-01 00:00:07Z,192.0.2.7,1000,64500,bad"quote
                2026-03-01 00:00:08Z,192.0.2.8,1000,64500,"unclosed

                2026-03-01 00:00:09Z,192.0.2.9,1000,64500,ok-2
                """;

        ParseSummary summary = parse("2026-03-01-event4_sinkhole-asn-64500.csv", file);

        assertThat(events).extracting(e -> e.sinkhole().orElseThrow().infection()).containsExactly("ok-1", "ok-2");
        assertThat(problems).extracting(LineProblem::line).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(problems).extracting(LineProblem::message).satisfiesExactly(
                m -> assertThat(m).contains("src_ip", "192.0.2.300"),
                m -> assertThat(m).contains("src_port", "70000"),
                m -> assertThat(m).contains("src_asn", "AS64500"),
                m -> assertThat(m).contains("timestamp"),
                m -> assertThat(m).contains("4 fields where the header has 5"),
                m -> assertThat(m).contains("quote inside unquoted field 5"),
                m -> assertThat(m).contains("quoted field not closed"));
        assertThat(summary).isEqualTo(new ParseSummary(11, 2, 1, 7));
    }
}
