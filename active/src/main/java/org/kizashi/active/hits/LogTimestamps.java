package org.kizashi.active.hits;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time at the start of a log line, in the forms resolvers and syslog daemons write: Unbound's {@code [epoch]},
 * BIND's {@code 23-Nov-2026 19:06:24.123}, ISO 8601 (rsyslog's default on Debian 12, BIND iso8601, Unbound
 * log-time-iso) and the traditional syslog {@code Nov 23 19:06:24}, which has no year: the year is the one that puts
 * the time not more than a day after "now" (logs are read after they are written; a day allows for clock skew).
 */
final class LogTimestamps {
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final Pattern EPOCH = Pattern.compile("^\\[(\\d{1,12})(?:\\.(\\d{1,9}))?]");
    private static final Pattern BIND = Pattern.compile(
            "^(\\d{1,2})-([A-Za-z]{3})-(\\d{4}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?=\\s|$)");
    private static final Pattern ISO = Pattern.compile(
            "^(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?(Z|[+-]\\d{2}:?\\d{2})?"
                    + "(?=\\s|$)");
    private static final Pattern SYSLOG = Pattern.compile(
            "^([A-Za-z]{3}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?=\\s|$)");
    private static final Duration SKEW = Duration.ofDays(1);

    /** Resolvers in Japan log local time: the default zone of times without an offset. */
    static final java.time.ZoneId JAPAN = java.time.ZoneId.of("Asia/Tokyo");

    private LogTimestamps() {
    }

    /**
     * The time {@code text} starts with.
     *
     * @param zone  the zone of times written without one
     * @param clock "now", to infer the year of syslog times
     * @throws IllegalArgumentException when it starts with no time in a known form, or an impossible one
     */
    static Instant leading(String text, ZoneId zone, Clock clock) {
        String t = text.stripLeading();
        try {
            Matcher m = EPOCH.matcher(t);
            if (m.find()) {
                return Instant.ofEpochSecond(Long.parseLong(m.group(1)), nanos(m.group(2)));
            }
            m = BIND.matcher(t);
            if (m.find()) {
                LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(3)), month(m.group(2)),
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)), nanos(m.group(7)));
                return local.atZone(zone).toInstant();
            }
            m = ISO.matcher(t);
            if (m.find()) {
                LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)), nanos(m.group(7)));
                String offset = m.group(8);
                return offset == null ? local.atZone(zone).toInstant()
                        : local.toInstant(ZoneOffset.of(offset.length() == 5 ? offset.substring(0, 3) + ":"
                        + offset.substring(3) : offset));
            }
            m = SYSLOG.matcher(t);
            if (m.find()) {
                return withInferredYear(month(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), nanos(m.group(6)), zone, clock);
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("impossible time at the start of the line: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no time at the start of the line (expected [epoch], dd-Mon-yyyy hh:mm:ss,"
                + " ISO 8601 or Mon dd hh:mm:ss)");
    }

    private static Instant withInferredYear(int month, int day, int hour, int minute, int second, int nanos,
                                            ZoneId zone, Clock clock) {
        Instant latest = clock.instant().plus(SKEW);
        int year = ZonedDateTime.ofInstant(latest, zone).getYear();
        // Feb 29 exists only in leap years: look back far enough to find one.
        for (int y = year; y >= year - 8; y--) {
            try {
                Instant candidate = ZonedDateTime.of(y, month, day, hour, minute, second, nanos, zone).toInstant();
                if (!candidate.isAfter(latest)) {
                    return candidate;
                }
            } catch (DateTimeException e) {
                if (!(month == 2 && day == 29)) {
                    throw e;
                }
            }
        }
        throw new DateTimeException("no recent year has " + MONTHS.get(month - 1) + " " + day);
    }

    private static int month(String name) {
        int i = MONTHS.indexOf(name.toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new DateTimeException("unknown month '" + name + "'");
        }
        return i + 1;
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        StringBuilder digits = new StringBuilder(fraction);
        while (digits.length() < 9) {
            digits.append('0');
        }
        return Integer.parseInt(digits.toString());
    }
}
