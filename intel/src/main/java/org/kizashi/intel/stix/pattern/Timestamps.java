package org.kizashi.intel.stix.pattern;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** Reads the RFC 3339 UTC timestamps of t'...' literals: YYYY-MM-DDTHH:MM:SS[.fraction]Z. */
final class Timestamps {
    private static final String SHAPE = "YYYY-MM-DDTHH:MM:SS[.fraction]Z";
    /** Where each character of the fixed part must be a digit ('9') or exactly itself. */
    private static final String FIXED_PART = "9999-99-99T99:99:99";

    private Timestamps() {
    }

    /**
     * @param content      the text between the quotes
     * @param contentStart offset of that text in the pattern, for error offsets
     * @param literal      the whole literal, for error messages
     */
    static Instant parse(String content, int contentStart, String literal) throws StixPatternException {
        for (int i = 0; i < FIXED_PART.length(); i++) {
            char expected = FIXED_PART.charAt(i);
            boolean fits = i < content.length()
                    && (expected == '9' ? isDigit(content.charAt(i)) : content.charAt(i) == expected);
            if (!fits) {
                throw malformed(literal, contentStart + i);
            }
        }
        int index = FIXED_PART.length();
        int nanos = 0;
        if (index < content.length() && content.charAt(index) == '.') {
            int fractionStart = ++index;
            while (index < content.length() && isDigit(content.charAt(index))) {
                index++;
            }
            if (index == fractionStart) {
                throw malformed(literal, contentStart + index);
            }
            // Instant holds nanoseconds; finer digits cannot change any comparison and are dropped.
            String nanoDigits = (content.substring(fractionStart, Math.min(index, fractionStart + 9)) + "00000000")
                    .substring(0, 9);
            nanos = Integer.parseInt(nanoDigits);
        }
        if (index >= content.length() || content.charAt(index) != 'Z' || index + 1 != content.length()) {
            throw malformed(literal, contentStart + Math.min(index, content.length()));
        }

        int year = field(content, 0, 4);
        int month = checked(literal, contentStart, content, 5, "month", 1, 12);
        int days = YearMonth.of(year, month).lengthOfMonth();
        int day = field(content, 8, 2);
        if (day < 1 || day > days) {
            throw new StixPatternException("invalid timestamp " + literal + " at offset " + (contentStart + 8)
                    + ": day " + content.substring(8, 10) + " does not exist in " + content.substring(0, 7),
                    contentStart + 8);
        }
        int hour = checked(literal, contentStart, content, 11, "hour", 0, 23);
        int minute = checked(literal, contentStart, content, 14, "minute", 0, 59);
        int second = checked(literal, contentStart, content, 17, "second", 0, 60);
        if (second == 60) {
            // RFC 3339 allows a leap second only as the last second of a UTC day; Instant has no room for it,
            // so it is read as 23:59:59 like java.time does.
            if (hour != 23 || minute != 59) {
                throw new StixPatternException("invalid timestamp " + literal + " at offset " + (contentStart + 17)
                        + ": second 60 is a leap second and exists only at 23:59:60", contentStart + 17);
            }
            second = 59;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
    }

    private static int checked(String literal, int contentStart, String content, int start, String name,
                               int min, int max) throws StixPatternException {
        int value = field(content, start, 2);
        if (value < min || value > max) {
            throw new StixPatternException(String.format("invalid timestamp %s at offset %d: %s %s is not between"
                    + " %02d and %02d", literal, contentStart + start, name, content.substring(start, start + 2),
                    min, max), contentStart + start);
        }
        return value;
    }

    private static int field(String content, int start, int length) {
        return Integer.parseInt(content, start, start + length, 10);
    }

    private static StixPatternException malformed(String literal, int offset) {
        return new StixPatternException("malformed timestamp " + literal + " at offset " + offset + ": expected "
                + SHAPE, offset);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
