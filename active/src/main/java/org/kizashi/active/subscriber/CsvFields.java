package org.kizashi.active.subscriber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Comma-separated lines as spreadsheet programs and scripts write them (RFC 4180 quoting on one line), with the
 * columns found by their header names, so that files with extra or reordered columns still import.
 */
final class CsvFields {
    private final Map<String, Integer> columns;
    private final int width;

    private CsvFields(Map<String, Integer> columns, int width) {
        this.columns = columns;
        this.width = width;
    }

    /** The header's columns, by lower-case name. */
    static CsvFields header(List<String> names) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            columns.putIfAbsent(names.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        return new CsvFields(columns, names.size());
    }

    boolean has(String column) {
        return columns.containsKey(column);
    }

    /** The required columns the header lacks, empty when all are there. */
    List<String> missing(String... required) {
        List<String> missing = new ArrayList<>();
        for (String column : required) {
            if (!has(column)) {
                missing.add(column);
            }
        }
        return missing;
    }

    int width() {
        return width;
    }

    /** The trimmed field of a column, empty when the column or the field is absent. */
    String get(List<String> fields, String column) {
        Integer index = columns.get(column);
        return index == null || index >= fields.size() ? "" : fields.get(index).trim();
    }

    /** Splits one line; a field in double quotes may hold commas and doubled quotes. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && !wasQuoted && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }

    /** True for lines that hold no record: blank lines and {@code #} comments. */
    static boolean isSkippable(String line) {
        String t = line.strip();
        return t.isEmpty() || t.charAt(0) == '#';
    }
}
