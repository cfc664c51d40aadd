package org.kizashi.active.list;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.active.LineProblem;
import org.kizashi.core.active.ListEntry;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.active.TriggerKind;

/** Plain lists, hosts files and CSV feeds: what each line becomes, and the lines reported instead. */
class ListFileReaderTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final ListFileReader.Options OPTIONS = new ListFileReader.Options(PolicyAction.NXDOMAIN, "feed", "",
            NOW, null);

    @TempDir
    Path dir;

    private final List<ListEntry> entries = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();
    private final List<LineProblem> problems = new ArrayList<>();

    private ListFileReader.Summary read(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return ListFileReader.read(file, OPTIONS, (entry, line) -> {
            entries.add(entry);
            lines.add(line);
        }, problems::add);
    }

    @Test
    void plainListsTakeDomainsWildcardsAddressesUrlsAndHostsLines() throws Exception {
        read("list.txt", """
                \uFEFF# comment
                Evil.Example.COM.
                *.evil.example.com   # trailing comment
                192.0.2.0/24
                http://malware.example/
                http://compromised.example/wp/x.php?a=1#frag
                0.0.0.0 ads.example tracker.example localhost
                例え.jp
                bad domain here
                """);
        assertThat(entries).extracting(ListEntry::trigger).containsExactly(Trigger.domain("evil.example.com"),
                Trigger.wildcard("evil.example.com"), new Trigger(TriggerKind.IP, "192.0.2.0/24"),
                Trigger.domain("malware.example"), Trigger.url("compromised.example/wp/x.php?a=1"),
                Trigger.domain("ads.example"), Trigger.domain("tracker.example"), Trigger.domain("xn--r8jz45g.jp"));
        assertThat(lines).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 7L, 8L);
        assertThat(problems).extracting(LineProblem::toString).singleElement().asString()
                .endsWith("list.txt:9: expected one entry per line, found 3 fields");
    }

    @Test
    void csvFeedsKeepReasonSightingsAndExpiryPerRow() throws Exception {
        read("feed.csv", """
                id,dateadded,url,url_status,last_online,threat,tags
                1,2026-11-20 01:02:03,http://dl.example/a.exe,online,2026-11-22 00:00:00,malware_download,emotet
                2,2026-11-21 00:00:00,"http://quoted.example/,x",offline,,malware_download,
                3,2026-11-21 00:00:00,not a url at all,online,,x,
                """);
        assertThat(entries).hasSize(2);
        ListEntry first = entries.get(0);
        assertThat(first.trigger()).isEqualTo(Trigger.url("dl.example/a.exe"));
        assertThat(first.reason()).isEqualTo("malware_download");
        assertThat(first.firstSeen()).isEqualTo(Instant.parse("2026-11-20T01:02:03Z"));
        assertThat(first.lastSeen()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(entries.get(1).trigger().value()).startsWith("quoted.example/");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.source()).endsWith("feed.csv");
        });
    }

    @Test
    void aCsvFeedWithoutAnIndicatorColumnIsOneProblemNamingTheColumnsItLooksFor() throws Exception {
        read("empty.csv", "name,comment\nx,y\n");
        assertThat(entries).isEmpty();
        assertThat(problems).singleElement().asString().contains("empty.csv:1:", "indicator", "domain");
    }

    @Test
    void anEntryWhoseOwnerWouldNotFitInTheZoneIsNamedWithItsLine() {
        ListImport imported = new ListImport(org.xbill.DNS.Name.fromConstantString("rpz.kizashi."));
        String longest = ("a".repeat(60) + ".").repeat(4) + "example"; // 251 characters: fits alone, not in the zone
        imported.add("feed.txt", 7, new ListEntry(Trigger.domain(longest), PolicyAction.NXDOMAIN, "feed", "", NOW,
                NOW, null), problems::add);
        imported.add("feed.txt", 8, new ListEntry(Trigger.domain("fits.example"), PolicyAction.NXDOMAIN, "feed", "",
                NOW, NOW, null), problems::add);
        assertThat(imported.policies().size()).isEqualTo(1);
        assertThat(problems).singleElement().asString().startsWith("feed.txt:7: ").contains("does not fit");
    }
}
