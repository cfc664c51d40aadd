package org.kizashi.active.hits;

import org.kizashi.active.LineProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kizashi.core.net.IpAddress;

/**
 * Reads Shadowserver report files (RFC 4180 CSV with a header line): columns are found by name, so their order
 * and any columns added later do not matter. Shared by the sinkhole and open-resolver parsers.
 */
public final class ShadowserverCsv {
    /** A quoted field may hold line breaks; past this many lines an unclosed quote is taken as a broken line. */
    private static final int MAX_LINES_PER_RECORD = 50;
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(Z|[+-]00:?00)?");

    private ShadowserverCsv() {
    }

    /** One data row: where it starts in the file and its fields by column name. */
    public static final class Row {
        private final long line;
        private final Map<String, Integer> columns;
        private final List<String> fields;

        private Row(long line, Map<String, Integer> columns, List<String> fields) {
            this.line = line;
            this.columns = columns;
            this.fields = fields;
        }

        /** The line the row starts on. */
        public long line() {
            return line;
        }

        /** Whether the file has the column. */
        public boolean has(String column) {
            return columns.containsKey(column);
        }

        /** The field, trimmed; empty when blank or when the file has no such column. */
        public String text(String column) {
            Integer i = columns.get(column);
            return i == null ? "" : fields.get(i).strip();
        }

        /** A required address. */
        public IpAddress address(String column) {
            String t = text(column);
            if (t.isEmpty()) {
                throw new IllegalArgumentException(column + " is empty");
            }
            try {
                return IpAddress.parse(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(column + ": " + e.getMessage(), e);
            }
        }

        /** A port, 0 when blank. */
        public int port(String column) {
            long v = number(column, 65535);
            return (int) v;
        }

        /** An AS number, 0 when blank. */
        public long asn(String column) {
            return number(column, 4_294_967_295L);
        }

        /** A whole number from 0 to {@code max}, 0 when blank. */
        public long number(String column, long max) {
            String t = text(column);
            if (t.isEmpty()) {
                return 0;
            }
            if (t.length() > 10 || !t.chars().allMatch(c -> c >= '0' && c <= '9') || Long.parseLong(t) > max) {
                throw new IllegalArgumentException(column + ": '" + t + "' is not a number from 0 to " + max);
            }
            return Long.parseLong(t);
        }

        /** A required time in the reports' form {@code YYYY-MM-DD HH:MM:SSZ} (UTC; the Z may be missing). */
        public Instant time(String column) {
            String t = text(column);
            Matcher m = TIMESTAMP.matcher(t);
            if (!m.matches()) {
                throw new IllegalArgumentException(column + ": '" + t + "' is not a time like 2026-03-01 12:34:56Z");
            }
            try {
                String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000000").substring(0, 9);
                return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)), Integer.parseInt(fraction)).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(column + ": '" + t + "' is not a real time", e);
            }
        }
    }

    /**
     * Reads the header and every data row of {@code reader} (not closed). When the header lacks a column of
     * {@code required}, reports one problem naming all the missing ones and reads no row. A row that is not valid
     * CSV, has a different number of fields than the header, or that {@code rowReader} rejects with an
     * {@link IllegalArgumentException} is reported and skipped; what it returns for the others goes to {@code out}.
     *
     * @param source the file name, for problem reports
     */
    public static <T> ParseSummary read(Reader reader, String source, Collection<String> required,
                                        Function<Row, T> rowReader, Consumer<? super T> out,
                                        Consumer<LineProblem> problems) throws IOException {
        Tally tally = new Tally(source, problems);
        Records records = new Records(reader instanceof BufferedReader b ? b : new BufferedReader(reader), tally);
        Records.Record header = records.next();
        while (header != null && isBlank(header)) {
            tally.skipped();
            header = records.next();
        }
        if (header == null) {
            tally.problem(Math.max(1, tally.line()), "empty file: no header line");
            return tally.summary();
        }
        if (header.fields == null) {
            tally.problem(header.line, "the header line is not valid CSV; nothing read from this file");
            return tally.summary();
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields.size(); i++) {
            String name = header.fields.get(i).strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\ufeff")) {
                name = name.substring(1);
            }
            columns.putIfAbsent(name, i);
        }
        List<String> missing = new ArrayList<>();
        for (String column : required) {
            if (!columns.containsKey(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            tally.problem(header.line, "header lacks required column" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + "; nothing read from this file");
            return tally.summary();
        }
        Records.Record record;
        while ((record = records.next()) != null) {
            if (record.fields == null) {
                continue; // already reported
            }
            if (isBlank(record)) {
                tally.skipped();
                continue;
            }
            if (record.fields.size() != header.fields.size()) {
                tally.problem(record.line, record.fields.size() + " fields where the header has "
                        + header.fields.size());
                continue;
            }
            T value;
            try {
                value = rowReader.apply(new Row(record.line, columns, record.fields));
            } catch (IllegalArgumentException e) {
                tally.problem(record.line, e.getMessage());
                continue;
            }
            out.accept(value);
            tally.accepted();
        }
        return tally.summary();
    }

    private static boolean isBlank(Records.Record record) {
        return record.fields != null && record.fields.size() == 1 && record.fields.get(0).isBlank();
    }

    /** Splits the text into RFC 4180 records, which may span lines inside quotes. */
    private static final class Records {
        /** A record and the line it starts on; fields null when it was malformed (and reported). */
        record Record(long line, List<String> fields) {
        }

        private record Line(long number, String text) {
        }

        private final BufferedReader in;
        private final Tally tally;
        private final Deque<Line> pushedBack = new ArrayDeque<>();

        Records(BufferedReader in, Tally tally) {
            this.in = in;
            this.tally = tally;
        }

        private Line nextLine() throws IOException {
            if (!pushedBack.isEmpty()) {
                return pushedBack.pollFirst();
            }
            String text = in.readLine();
            if (text == null) {
                return null;
            }
            tally.nextLine();
            return new Line(tally.line(), text);
        }

        Record next() throws IOException {
            Line first = nextLine();
            if (first == null) {
                return null;
            }
            List<Line> continuation = new ArrayList<>();
            StringBuilder text = new StringBuilder(first.text);
            while (true) {
                Split split = split(text);
                if (split.error != null) {
                    tally.problem(first.number, split.error);
                    pushBack(continuation);
                    return new Record(first.number, null);
                }
                if (split.fields != null) {
                    return new Record(first.number, split.fields);
                }
                Line more = continuation.size() < MAX_LINES_PER_RECORD ? nextLine() : null;
                if (more == null) {
                    tally.problem(first.number, "quoted field not closed");
                    pushBack(continuation);
                    return new Record(first.number, null);
                }
                continuation.add(more);
                text.append('\n').append(more.text);
            }
        }

        /** Lines taken as the continuation of a broken quote are read again as records of their own. */
        private void pushBack(List<Line> lines) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                pushedBack.addFirst(lines.get(i));
            }
        }

        /** Fields, or neither (the text ends inside quotes), or an error. */
        private record Split(List<String> fields, String error) {
        }

        private static Split split(CharSequence s) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int i = 0;
            int n = s.length();
            while (true) {
                if (i < n && s.charAt(i) == '"') {
                    i++;
                    while (true) {
                        if (i >= n) {
                            return new Split(null, null);
                        }
                        char c = s.charAt(i++);
                        if (c != '"') {
                            field.append(c);
                        } else if (i < n && s.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    }
                    if (i < n && s.charAt(i) != ',') {
                        return new Split(null, "text after the closing quote of field " + (fields.size() + 1));
                    }
                } else {
                    while (i < n && s.charAt(i) != ',') {
                        char c = s.charAt(i++);
                        if (c == '"') {
                            return new Split(null, "quote inside unquoted field " + (fields.size() + 1));
                        }
                        field.append(c);
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                if (i >= n) {
                    return new Split(fields, null);
                }
                i++; // the comma
            }
        }
    }
}
