package org.kizashi.active.subscriber;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which ISP an address belongs to, by longest-prefix match over the table of (prefix, AS number, ISP) that the
 * coordinating CSIRT keeps, so that each reported address goes to the one ISP able to find the subscriber. Lookups
 * are binary searches over flattened ranges; the table is immutable and safe to share between threads.
 */
public final class IspTable {
    private static final Logger LOG = LoggerFactory.getLogger(IspTable.class);
    private static final String[] COLUMNS = {"prefix", "asn", "isp"};

    private final List<IspEntry> v4Entries;
    private final List<IspEntry> v6Entries;
    private final PrefixRanges v4Ranges;
    private final PrefixRanges v6Ranges;
    private final List<ImportProblem> problems;

    private IspTable(List<IspEntry> entries, List<ImportProblem> problems) {
        v4Entries = entries.stream().filter(e -> e.prefix().network().isV4()).toList();
        v6Entries = entries.stream().filter(e -> !e.prefix().network().isV4()).toList();
        v4Ranges = PrefixRanges.of(v4Entries.stream().map(IspEntry::prefix).toList(), true);
        v6Ranges = PrefixRanges.of(v6Entries.stream().map(IspEntry::prefix).toList(), false);
        this.problems = List.copyOf(problems);
    }

    /**
     * Reads a CSV file with the header {@code prefix,asn,isp} (further columns are ignored; {@code #} lines are
     * comments; the AS number may be written {@code AS64500}). Bad lines and prefixes listed twice become
     * {@link #problems()}; of two rows for one prefix the first is kept.
     */
    public static IspTable read(Path csv) throws IOException {
        try (BufferedReader in = TextFiles.open(csv)) {
            return read(in, csv.toString());
        }
    }

    static IspTable read(BufferedReader in, String source) throws IOException {
        Collector collector = new Collector();
        CsvFields header = null;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (lineNumber == 1) {
                line = TextFiles.withoutBom(line);
            }
            if (CsvFields.isSkippable(line)) {
                continue;
            }
            SourceLine where = new SourceLine(source, lineNumber);
            try {
                List<String> fields = CsvFields.split(line);
                if (header == null) {
                    header = CsvFields.header(fields);
                    List<String> missing = header.missing(COLUMNS);
                    if (!missing.isEmpty()) {
                        collector.problems.add(new ImportProblem(where, "the header must name the columns "
                                + String.join(",", COLUMNS) + "; missing " + String.join(",", missing)
                                + " (nothing imported)"));
                        break;
                    }
                    continue;
                }
                if (fields.size() != header.width()) {
                    throw new IllegalArgumentException("expected " + header.width() + " fields, found "
                            + fields.size());
                }
                collector.add(parse(header, fields), where);
            } catch (IllegalArgumentException e) {
                collector.problems.add(new ImportProblem(where, e.getMessage()));
            }
        }
        IspTable table = collector.table();
        LOG.info("ISP table {}: {} prefixes, {} problems", source, table.size(), table.problems.size());
        return table;
    }

    /** A table of the given entries; a prefix given twice is reported in {@link #problems()} as "entries:n". */
    public static IspTable of(Collection<IspEntry> entries) {
        Collector collector = new Collector();
        int n = 0;
        for (IspEntry entry : entries) {
            collector.add(entry, new SourceLine("entries", ++n));
        }
        return collector.table();
    }

    private static IspEntry parse(CsvFields header, List<String> fields) {
        IpPrefix prefix;
        try {
            prefix = IpPrefix.parse(header.get(fields, "prefix"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid prefix: " + e.getMessage(), e);
        }
        String asnText = header.get(fields, "asn");
        if (asnText.regionMatches(true, 0, "AS", 0, 2)) {
            asnText = asnText.substring(2);
        }
        long asn;
        try {
            asn = asnText.isEmpty() || asnText.length() > 10 || !asnText.chars().allMatch(Character::isDigit)
                    ? -1 : Long.parseLong(asnText);
        } catch (NumberFormatException e) {
            asn = -1;
        }
        if (asn < 0 || asn > IspEntry.MAX_ASN) {
            throw new IllegalArgumentException("invalid AS number '" + header.get(fields, "asn") + "'");
        }
        String isp = header.get(fields, "isp");
        if (isp.isEmpty()) {
            throw new IllegalArgumentException("the ISP is empty");
        }
        return new IspEntry(prefix, asn, isp);
    }

    /** The ISP serving the address: the entry with the longest prefix containing it. */
    public Optional<IspEntry> lookup(IpAddress address) {
        long high = address.high();
        long low = address.low();
        if (address.isV4()) {
            int i = v4Ranges.find(high, low);
            return i < 0 ? Optional.empty() : Optional.of(v4Entries.get(i));
        }
        int i = v6Ranges.find(high, low);
        return i < 0 ? Optional.empty() : Optional.of(v6Entries.get(i));
    }

    /** The entries kept, IPv4 first, each prefix once. */
    public List<IspEntry> entries() {
        List<IspEntry> all = new ArrayList<>(v4Entries);
        all.addAll(v6Entries);
        return all;
    }

    public int size() {
        return v4Entries.size() + v6Entries.size();
    }

    /** Lines that could not be used and prefixes given more than once, in file order. */
    public List<ImportProblem> problems() {
        return problems;
    }

    /** Keeps the first row of each prefix and reports the others: a repeat, or a conflicting second owner. */
    private static final class Collector {
        private final Map<IpPrefix, SourceLine> firstSeen = new HashMap<>();
        private final Map<IpPrefix, IspEntry> kept = new HashMap<>();
        private final List<IspEntry> entries = new ArrayList<>();
        private final List<ImportProblem> problems = new ArrayList<>();

        void add(IspEntry entry, SourceLine where) {
            IspEntry earlier = kept.get(entry.prefix());
            if (earlier == null) {
                kept.put(entry.prefix(), entry);
                firstSeen.put(entry.prefix(), where);
                entries.add(entry);
                return;
            }
            SourceLine earlierLine = firstSeen.get(entry.prefix());
            String reason;
            if (earlier.isp().equalsIgnoreCase(entry.isp()) && earlier.asn() == entry.asn()) {
                reason = "duplicate of " + earlierLine + " (" + entry.prefix() + "), ignored";
            } else {
                reason = String.format(Locale.ROOT,
                        "conflicting assignment: %s is assigned to %s (AS%d) at %s and to %s (AS%d) here;"
                                + " keeping %s, fix the table",
                        entry.prefix(), earlier.isp(), earlier.asn(), earlierLine, entry.isp(), entry.asn(),
                        earlierLine);
            }
            problems.add(new ImportProblem(where, reason));
        }

        IspTable table() {
            return new IspTable(entries, problems);
        }
    }
}
