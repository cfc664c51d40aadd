package org.kizashi.active.list;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.kizashi.active.LineProblem;
import org.kizashi.active.hits.ParseSummary;
import org.kizashi.active.hits.ShadowserverCsv;
import org.kizashi.core.active.ListEntry;
import org.kizashi.core.active.Trigger;

/**
 * Reads block-list feeds in CSV (RFC 4180, header first), as threat feeds publish them: one indicator per row in a
 * column named {@code indicator}, {@code value}, {@code url}, {@code domain}, {@code host} or {@code ip}, and, when
 * present, its reason ({@code reason}, {@code description}, {@code threat}, {@code malware}), first and last sighting
 * ({@code first_seen}/{@code dateadded}, {@code last_seen}/{@code last_online}) and expiry ({@code expires},
 * {@code valid_until}). Times are ISO-8601 instants, {@code YYYY-MM-DD HH:MM:SS} (UTC) or dates.
 */
public final class CsvFeedReader {
    private static final List<String> VALUE = List.of("indicator", "value", "url", "domain", "host", "ip");
    private static final List<String> REASON = List.of("reason", "description", "threat", "malware", "comment");
    private static final List<String> FIRST = List.of("first_seen", "firstseen", "dateadded", "date_added");
    private static final List<String> LAST = List.of("last_seen", "lastseen", "last_online");
    private static final List<String> EXPIRES = List.of("expires", "valid_until", "expiry");

    private CsvFeedReader() {
    }

    /** Reads a feed; entries not given times get {@code options.seen()}, and the reason of {@code options}. */
    public static ListFileReader.Summary read(BufferedReader in, String sourceName, ListFileReader.Options options,
                                              ObjLongConsumer<ListEntry> entries, Consumer<LineProblem> problems)
            throws IOException {
        in.mark(64 * 1024);
        String header = Optional.ofNullable(in.readLine()).orElse("").toLowerCase(Locale.ROOT);
        in.reset();
        String valueColumn = VALUE.stream().filter(c -> hasColumn(header, c)).findFirst().orElse(null);
        if (valueColumn == null) {
            problems.accept(new LineProblem(sourceName, 1, "no indicator column: the header needs one of " + VALUE));
            return new ListFileReader.Summary(1, 0, 1);
        }
        ParseSummary summary = ShadowserverCsv.read(in, sourceName, List.of(valueColumn), row -> {
            Trigger trigger = ListFileReader.parseTrigger(row.text(valueColumn).strip());
            Instant first = time(row, FIRST).orElse(options.seen());
            Instant last = time(row, LAST).filter(t -> !t.isBefore(first)).orElse(first);
            String reason = text(row, REASON).orElse(options.reason());
            return new Located(row.line(), new ListEntry(trigger, options.action(), options.source(), reason, first,
                    last, time(row, EXPIRES).orElse(options.expires())));
        }, located -> entries.accept(located.entry(), located.line()), problems);
        return new ListFileReader.Summary(summary.lines(), summary.accepted(), summary.problems());
    }

    private record Located(long line, ListEntry entry) {
    }

    private static boolean hasColumn(String header, String column) {
        for (String field : header.split(",")) {
            if (field.strip().replace("\"", "").equals(column)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> text(ShadowserverCsv.Row row, List<String> columns) {
        for (String column : columns) {
            if (row.has(column) && !row.text(column).isBlank()) {
                return Optional.of(row.text(column).strip());
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> time(ShadowserverCsv.Row row, List<String> columns) {
        Optional<String> text = text(row, columns);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get();
        try {
            if (t.length() == 10) {
                return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (t.indexOf('T') > 0) {
                return Optional.of(Instant.parse(t.endsWith("Z") || t.contains("+") ? t : t + "Z"));
            }
            return Optional.of(Instant.parse(t.replace(' ', 'T').replace("Z", "") + "Z"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + t + "' is not a time (ISO-8601, YYYY-MM-DD HH:MM:SS or a date)", e);
        }
    }
}
