package org.kizashi.active.subscriber;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The date forms the lease sources write, parsed by hand (they are fixed and English; a formatter per form would be
 * slower and stricter about padding than the files are), and instants as nanoseconds for the index.
 */
final class LeaseTimes {
    /** Marks "no end" in the index; every real instant is below it. */
    static final long OPEN = Long.MAX_VALUE;
    private static final long MIN_NANOS = Long.MIN_VALUE + 1;
    private static final long MAX_NANOS = Long.MAX_VALUE - 1;
    private static final String[] MONTHS =
            {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    private LeaseTimes() {
    }

    /** Nanoseconds since the epoch, saturated to the years 1678..2262 (beyond which nothing is leased). */
    static long nanos(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds >= MAX_NANOS / 1_000_000_000L) {
            return MAX_NANOS;
        }
        if (seconds <= MIN_NANOS / 1_000_000_000L) {
            return MIN_NANOS;
        }
        return seconds * 1_000_000_000L + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** FreeRADIUS detail header, ctime style in the server's zone: {@code Mon Nov 23 19:06:24 2026}. */
    static Instant radiusHeader(String text, ZoneId zone) {
        String[] t = text.trim().split("\\s+");
        if (t.length != 5) {
            throw new DateTimeException("not a date like 'Mon Nov 23 19:06:24 2026': '" + text.trim() + "'");
        }
        return at(t[4], t[1], t[2], t[3], zone, text);
    }

    /**
     * RADIUS Event-Timestamp as FreeRADIUS prints it, {@code Nov 23 2026 19:06:24 JST}, or as seconds since the
     * epoch. A missing zone means the server's.
     */
    static Instant radiusEventTimestamp(String text, ZoneId zone) {
        String trimmed = text.trim();
        if (isDigits(trimmed)) {
            return epochSeconds(trimmed);
        }
        String[] t = trimmed.split("\\s+");
        if (t.length != 4 && t.length != 5) {
            throw new DateTimeException("not a date like 'Nov 23 2026 19:06:24 JST': '" + trimmed + "'");
        }
        ZoneId in = t.length == 5 ? zone(t[4], text) : zone;
        return at(t[2], t[0], t[1], t[3], in, text);
    }

    /** ISC dhcpd: {@code 1 2026/11/23 10:00:00} (weekday, date and time in UTC) or {@code epoch 1795432384}. */
    static Instant iscDhcpd(String[] words, String text) {
        if (words.length == 2 && words[0].equals("epoch") && isDigits(words[1])) {
            return epochSeconds(words[1]);
        }
        if (words.length != 3) {
            throw new DateTimeException("not a date like '1 2026/11/23 10:00:00' or 'epoch N': '" + text + "'");
        }
        try {
            String[] ymd = words[1].split("/");
            if (ymd.length != 3) {
                throw new DateTimeException("bad date");
            }
            LocalDate date = LocalDate.of(Integer.parseInt(ymd[0]), Integer.parseInt(ymd[1]), Integer.parseInt(ymd[2]));
            return LocalDateTime.of(date, LocalTime.parse(words[2])).toInstant(ZoneOffset.UTC);
        } catch (NumberFormatException | DateTimeException e) {
            throw new DateTimeException("not a date like '1 2026/11/23 10:00:00': '" + text + "'", e);
        }
    }

    /**
     * ISO-8601 as NAT logs write it: with an offset or {@code Z}; without one in the given zone; a space instead of
     * the {@code T} is accepted; a plain number is seconds since the epoch.
     */
    static Instant iso(String text, ZoneId zone) {
        String t = text.trim();
        if (isDigits(t)) {
            return epochSeconds(t);
        }
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11).trim();
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant();
            } catch (DateTimeParseException again) {
                throw new DateTimeException("not an ISO-8601 time like 2026-11-23T19:06:24+09:00: '" + text + "'");
            }
        }
    }

    static Instant epochSeconds(String digits) {
        if (digits.length() > 12) {
            throw new DateTimeException("epoch seconds out of range: " + digits);
        }
        return Instant.ofEpochSecond(Long.parseLong(digits));
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Instant at(String year, String month, String day, String time, ZoneId zone, String text) {
        try {
            int m = month(month);
            LocalDate date = LocalDate.of(Integer.parseInt(year), m, Integer.parseInt(day));
            return ZonedDateTime.of(date, LocalTime.parse(time), zone).toInstant();
        } catch (NumberFormatException | DateTimeException e) {
            throw new DateTimeException("unparseable date '" + text.trim() + "'", e);
        }
    }

    private static int month(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (lower.startsWith(MONTHS[i])) {
                return i + 1;
            }
        }
        throw new DateTimeException("unknown month '" + name + "'");
    }

    private static ZoneId zone(String name, String text) {
        try {
            return ZoneId.of(name, ZoneId.SHORT_IDS);
        } catch (DateTimeException e) {
            throw new DateTimeException("unknown time zone '" + name + "' in '" + text.trim() + "'", e);
        }
    }
}
