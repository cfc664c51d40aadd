package org.kizashi.active.ip53b;

import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.kizashi.active.LineProblem;
import org.kizashi.active.hits.ParseSummary;
import org.kizashi.active.hits.ShadowserverCsv;

/**
 * Reads Shadowserver's scan_dns (DNS-Open-Resolvers) reports: the addresses in the network that answered DNS
 * queries from the Internet, which IP53B blocking can target one by one. Columns are found by name; timestamp and
 * ip are required. Bad rows are reported as {@code file:line: reason} and skipped.
 * <p>
 * Immutable: one parser can read several files at once.
 */
public final class OpenResolverReportParser {
    static final List<String> REQUIRED = List.of("timestamp", "ip");

    /**
     * Reads {@code reader} to its end (it is not closed), handing each row to {@code resolvers} and each row that
     * cannot be read to {@code problems}.
     *
     * @param source the file name, for problem reports
     */
    public ParseSummary parse(Reader reader, String source, Consumer<OpenResolver> resolvers,
                              Consumer<LineProblem> problems) throws IOException {
        return ShadowserverCsv.read(reader, source, REQUIRED, OpenResolverReportParser::resolver, resolvers,
                problems);
    }

    private static OpenResolver resolver(ShadowserverCsv.Row row) {
        return new OpenResolver(row.time("timestamp"), row.address("ip"), row.port("port"),
                row.text("protocol").toLowerCase(Locale.ROOT), row.asn("asn"), row.text("geo"), row.text("hostname"),
                row.text("tag"), row.text("severity").toLowerCase(Locale.ROOT), row.text("dns_version"),
                amplification(row.text("min_amplification")));
    }

    private static OptionalDouble amplification(String text) {
        if (text.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v) || v < 0) {
                throw new NumberFormatException();
            }
            return OptionalDouble.of(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("min_amplification: '" + text + "' is not a non-negative number", e);
        }
    }
}
