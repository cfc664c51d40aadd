package org.kizashi.active.hits;

import org.kizashi.active.LineProblem;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.net.IpAddress;

/**
 * Reads Shadowserver's sinkhole reports (event4_sinkhole, event4_sinkhole_http, event4_sinkhole_dns and their
 * event6 twins): each row is a subscriber whose malware reached a sinkhole instead of its C&amp;C server. The client is
 * src_ip; the list is the report type, taken from the file name ({@code 2026-03-01-event4_sinkhole_http-...csv}) or,
 * failing that, from the columns. Only timestamp and src_ip are required.
 * <p>
 * Immutable: one parser can read several files at once.
 */
public final class SinkholeCsvParser {
    static final List<String> REQUIRED = List.of("timestamp", "src_ip");
    private static final Pattern FILE_TYPE =
            Pattern.compile("(?:^|[/\\\\])\\d{4}-\\d{2}-\\d{2}-(event[46]_sinkhole(?:_http|_dns)?)-[^/\\\\]*$");

    /**
     * Reads {@code reader} to its end (it is not closed), handing each row to {@code events} and each row that
     * cannot be read to {@code problems}.
     *
     * @param source the file name, for problem reports and the report type
     */
    public ParseSummary parse(Reader reader, String source, Consumer<BlockEvent> events,
                              Consumer<LineProblem> problems) throws IOException {
        Matcher m = FILE_TYPE.matcher(source);
        String fileType = m.find() ? m.group(1) : null;
        return ShadowserverCsv.read(reader, source, REQUIRED, row -> event(row, fileType), events, problems);
    }

    private static BlockEvent event(ShadowserverCsv.Row row, String fileType) {
        String type = fileType != null ? fileType : typeByColumns(row);
        IpAddress client = row.address("src_ip");
        Optional<IpAddress> destination = row.text("dst_ip").isEmpty()
                ? Optional.empty() : Optional.of(row.address("dst_ip"));
        long count = row.has("count") && !row.text("count").isEmpty() ? row.number("count", Long.MAX_VALUE) : 1;
        if (count < 1) {
            throw new IllegalArgumentException("count: must be at least 1, got " + count);
        }
        SinkholeDetail detail = new SinkholeDetail(row.text("infection"), row.text("family"), row.text("tag"),
                row.text("protocol"), row.port("src_port"), row.asn("src_asn"), destination, row.port("dst_port"),
                count);
        return new BlockEvent(row.time("timestamp"), client, queryName(row), type, "sinkhole",
                BlockEvent.Origin.SINKHOLE, "", Optional.of(detail));
    }

    private static String typeByColumns(ShadowserverCsv.Row row) {
        String family = row.address("src_ip").isV4() ? "event4_sinkhole" : "event6_sinkhole";
        if (row.has("query")) {
            return family + "_dns";
        }
        if (row.has("http_url") || row.has("http_host")) {
            return family + "_http";
        }
        return family;
    }

    /**
     * The name the client looked up (DNS reports) or asked the web server for (HTTP reports); empty when the report
     * names none or names an address. A malformed name does not lose the row: the infection is still real.
     */
    private static String queryName(ShadowserverCsv.Row row) {
        String name = row.text("query");
        if (name.isEmpty()) {
            name = hostOnly(row.text("http_host"));
        }
        if (name.isEmpty() || looksLikeAddress(name)) {
            return "";
        }
        try {
            return DomainNames.canonical(name);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String hostOnly(String host) {
        if (host.startsWith("[")) {
            return ""; // an IPv6 literal
        }
        int colon = host.indexOf(':');
        return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
    }

    private static boolean looksLikeAddress(String text) {
        try {
            IpAddress.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
