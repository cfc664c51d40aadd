package org.kizashi.active.url;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a host the way the C library's {@code inet_aton} and Windows resolvers do, so that every spelling a browser
 * would connect to as an IPv4 address ({@code 3279880203}, {@code 0xC3.0177.11}, {@code 10.1}) gets the one dotted
 * quad that list entries use. Follows the Safe Browsing reference client: one to four parts, each decimal, octal
 * (leading {@code 0}) or hexadecimal ({@code 0x}); the last part fills the remaining bytes; values are truncated to
 * their low bytes rather than rejected ({@code 276.2.3} is {@code 20.2.0.3}); a host of at most 15 bytes may carry a
 * space and trailing rubbish ({@code "10.192.95.89 xy"}), as the Windows resolver accepts it.
 */
final class LenientIpv4 {
    private static final int MAX_PARTS = 4;
    /** Longest host for which the Windows resolver ignores what follows a space. */
    private static final int MAX_LENGTH_WITH_RUBBISH = 15;
    private static final int MAX_QUAD_LENGTH = 15;

    private LenientIpv4() {
    }

    /** The dotted quad that {@code host[from, to)} stands for, or {@code null} when it is not an IPv4 address. */
    static String parse(byte[] host, int from, int to) {
        byte[] quad = dottedQuad(host, from, to);
        return quad == null ? null : new String(quad, StandardCharsets.US_ASCII);
    }

    /** As {@link #parse}, in ASCII bytes. */
    static byte[] dottedQuad(byte[] host, int from, int to) {
        int end = to;
        if (to - from <= MAX_LENGTH_WITH_RUBBISH) {
            int firstSpace = from;
            while (firstSpace < to && !isSpace(host[firstSpace])) {
                firstSpace++;
            }
            if (firstSpace > from) {
                end = firstSpace;
            }
        }
        if (end == from) {
            return null;
        }
        long[] parts = new long[MAX_PARTS];
        int count = 0;
        int partStart = from;
        for (int i = from; i <= end; i++) {
            if (i == end || host[i] == '.') {
                if (count == MAX_PARTS) {
                    return null;
                }
                long value = parseNumber(host, partStart, i);
                if (value < 0) {
                    return null;
                }
                parts[count++] = value;
                partStart = i + 1;
            }
        }
        byte[] quad = new byte[MAX_QUAD_LENGTH];
        int n = 0;
        for (int i = 0; i < count; i++) {
            int bytes = i == count - 1 ? MAX_PARTS + 1 - count : 1;
            for (int b = bytes - 1; b >= 0; b--) {
                int octet = (int) (parts[i] >> (8 * b)) & 0xff;
                if (n > 0) {
                    quad[n++] = '.';
                }
                if (octet >= 100) {
                    quad[n++] = (byte) ('0' + octet / 100);
                }
                if (octet >= 10) {
                    quad[n++] = (byte) ('0' + octet / 10 % 10);
                }
                quad[n++] = (byte) ('0' + octet % 10);
            }
        }
        return Arrays.copyOf(quad, n);
    }

    /** One part as C's {@code strtol(part, 0)} reads it without sign; -1 when malformed or beyond a signed long. */
    private static long parseNumber(byte[] text, int from, int to) {
        if (from == to) {
            return -1;
        }
        int radix = 10;
        int digits = from;
        if (text[from] == '0' && to - from >= 2) {
            if ((text[from + 1] | 0x20) == 'x') {
                radix = 16;
                digits = from + 2;
                if (digits == to) {
                    return -1;
                }
            } else {
                radix = 8;
                digits = from + 1;
            }
        }
        long value = 0;
        for (int i = digits; i < to; i++) {
            int digit = asciiDigit(text[i], radix);
            if (digit < 0 || value > (Long.MAX_VALUE - digit) / radix) {
                return -1;
            }
            value = value * radix + digit;
        }
        return value;
    }

    private static int asciiDigit(byte b, int radix) {
        int digit;
        if (b >= '0' && b <= '9') {
            digit = b - '0';
        } else if ((b | 0x20) >= 'a' && (b | 0x20) <= 'f') {
            digit = (b | 0x20) - 'a' + 10;
        } else {
            return -1;
        }
        return digit < radix ? digit : -1;
    }

    /** The white space of the reference client's {@code \S} (RE2's Perl class). */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r';
    }

    /** Whether {@code host[from, to)} is already a dotted quad of decimal octets (the canonical IPv4 form). */
    static boolean isDottedQuad(byte[] host, int from, int to) {
        int parts = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && host[i] >= '0' && host[i] <= '9' && i - start < 3) {
                value = value * 10 + (host[i] - '0');
                i++;
            }
            if (i == start || value > 255 || (i - start > 1 && host[start] == '0')) {
                return false;
            }
            parts++;
            if (i < to) {
                if (host[i] != '.' || i + 1 == to) {
                    return false;
                }
                i++;
            }
        }
        return parts == MAX_PARTS;
    }
}
