package org.kizashi.active.url;

import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.kizashi.core.net.IpAddress;

/**
 * The Safe Browsing canonicalisation, on the URL's bytes: a URL is bytes on the wire, percent-escapes may stand for
 * any byte (not only UTF-8), and a host given as escaped UTF-8 must come out the same as one typed in Unicode. The
 * steps and their order follow the v4 "URLs and Hashing" rules as the reference client implements them.
 */
final class UrlCanonicalizer {
    private static final int MAX_SHOWN_URL = 200;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Bytes at or below space, at or above DEL, '#' and '%' are escaped. */
    private static final boolean[] NEEDS_ESCAPE = new boolean[256];

    static {
        for (int b = 0; b < 256; b++) {
            NEEDS_ESCAPE[b] = b <= 0x20 || b >= 0x7f || b == '#' || b == '%';
        }
    }

    private UrlCanonicalizer() {
    }

    /** @throws IllegalArgumentException naming the URL when it has no valid host */
    static CanonicalUrl parse(String url) {
        if (url == null) {
            throw new IllegalArgumentException("URL is null");
        }
        byte[] u = url.getBytes(StandardCharsets.UTF_8);
        int end;
        boolean escaped;
        if (u.length == url.length() && url.indexOf('\t') < 0 && url.indexOf('\r') < 0 && url.indexOf('\n') < 0) {
            // Plain ASCII without TAB, CR, LF (nearly every URL): the string's vectorised search finds the rest.
            int fragment = url.indexOf('#');
            end = fragment < 0 ? u.length : fragment;
            int percent = url.indexOf('%');
            escaped = percent >= 0 && percent < end;
        } else {
            // One pass drops TAB, CR and LF, cuts the fragment and notes whether there is anything to unescape.
            end = 0;
            escaped = false;
            for (byte c : u) {
                if (c == '#') {
                    break;
                }
                if (c != '\t' && c != '\r' && c != '\n') {
                    escaped |= c == '%';
                    u[end++] = c;
                }
            }
        }
        int start = skipLeadingSpace(u, 0, end);
        end = skipTrailingSpace(u, start, end);
        if (escaped) {
            u = unescape(u, start, end);
            start = 0;
            end = u.length;
        }
        return parseUnescaped(u, start, end, url);
    }

    private static CanonicalUrl parseUnescaped(byte[] u, int start, int end, String url) {
        if (start == end) {
            throw invalid(url, "it is empty");
        }
        String scheme = "http";
        int authorityStart = start;
        int colon = schemeColon(u, start, end);
        if (colon == start) {
            throw invalid(url, "there is no scheme before ':'");
        }
        if (colon > start) {
            if (startsWithTwoSlashes(u, colon + 1, end)) {
                scheme = schemeName(u, start, colon);
                authorityStart = colon + 3;
            } else if (!isPortThenPath(u, colon + 1, end)) {
                // "mailto:...", "javascript:...": not a web URL. "example.com:8080/x" is a host without a scheme.
                throw invalid(url, "scheme '" + new String(u, start, colon - start, StandardCharsets.ISO_8859_1)
                        + "' is not followed by '//'");
            }
        } else if (startsWithTwoSlashes(u, start, end)) {
            authorityStart = start + 2; // scheme-relative "//host/path"
        }
        int queryStart = indexOf(u, '?', authorityStart, end);
        int pathEnd = queryStart < 0 ? end : queryStart;
        int pathStart = indexOf(u, '/', authorityStart, pathEnd);
        if (pathStart < 0) {
            pathStart = pathEnd;
        }
        byte[] host = canonicalHost(u, authorityStart, pathStart, url);

        byte[] path = u;
        int pathFrom = pathStart;
        int pathTo = pathEnd;
        if (pathStart == pathEnd || needsResolving(u, pathStart, pathEnd)) {
            path = resolvePath(u, pathStart, pathEnd);
            pathFrom = 0;
            pathTo = path.length;
        }
        boolean hasQuery = queryStart >= 0 && queryStart + 1 < end;
        int pathLength = escapedLength(path, pathFrom, pathTo);
        int queryLength = hasQuery ? 1 + escapedLength(u, queryStart + 1, end) : 0;
        byte[] expression = new byte[host.length + pathLength + queryLength];
        System.arraycopy(host, 0, expression, 0, host.length);
        int at = escapeInto(path, pathFrom, pathTo, expression, host.length, pathLength);
        if (hasQuery) {
            expression[at++] = '?';
            escapeInto(u, queryStart + 1, end, expression, at, queryLength - 1);
        }
        return new CanonicalUrl(scheme, expression, host.length, host.length + pathLength);
    }

    /** Leading white space as Go's {@code strings.TrimSpace} sees it (TAB, CR, LF are already gone). */
    private static int skipLeadingSpace(byte[] b, int start, int end) {
        while (start < end) {
            if (isAsciiSpace(b[start])) {
                start++;
            } else if (start + 1 < end && isTwoByteSpace(b[start], b[start + 1])) {
                start += 2;
            } else {
                break;
            }
        }
        return start;
    }

    private static int skipTrailingSpace(byte[] b, int start, int end) {
        while (end > start) {
            if (isAsciiSpace(b[end - 1])) {
                end--;
            } else if (end - 2 >= start && isTwoByteSpace(b[end - 2], b[end - 1])) {
                end -= 2;
            } else {
                break;
            }
        }
        return end;
    }

    private static boolean isAsciiSpace(byte c) {
        return c == ' ' || c == 0x0b || c == '\f';
    }

    /** NEL (U+0085) and NO-BREAK SPACE (U+00A0) in UTF-8, which pasted URLs carry. */
    private static boolean isTwoByteSpace(byte first, byte second) {
        return first == (byte) 0xc2 && (second == (byte) 0x85 || second == (byte) 0xa0);
    }

    /**
     * Percent-unescapes until no escape is left, in one pass: every decoded byte is pushed on the output and the last
     * three output bytes are decoded again while they form an escape. Escapes never overlap, so decoding in any order
     * reaches the same result as repeated whole-string passes, but in linear time ("%25252525..." would otherwise be
     * quadratic). A '%' not followed by two hex digits stays as it is.
     */
    static byte[] unescape(byte[] in, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            out[n++] = in[i];
            while (n >= 3 && out[n - 3] == '%' && hexValue(out[n - 2]) >= 0 && hexValue(out[n - 1]) >= 0) {
                out[n - 3] = (byte) (hexValue(out[n - 2]) << 4 | hexValue(out[n - 1]));
                n -= 2;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** The index of the ':' ending a scheme (a letter, then letters, digits, '+', '-', '.'), or -1. */
    private static int schemeColon(byte[] u, int start, int end) {
        for (int i = start; i < end; i++) {
            byte c = u[i];
            boolean letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            boolean other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
            if (c == ':') {
                return i;
            }
            if (!letter && !(other && i > start)) {
                return -1;
            }
        }
        return -1;
    }

    /** The scheme in lower case; the usual two without building a string. */
    private static String schemeName(byte[] u, int start, int colon) {
        if (isWord(u, start, colon, "http")) {
            return "http";
        }
        if (isWord(u, start, colon, "https")) {
            return "https";
        }
        return new String(u, start, colon - start, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    }

    /** Whether {@code u[from, to)} is {@code lowerCaseWord}, ignoring ASCII case. */
    private static boolean isWord(byte[] u, int from, int to, String lowerCaseWord) {
        if (to - from != lowerCaseWord.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if ((u[i] | 0x20) != lowerCaseWord.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithTwoSlashes(byte[] u, int at, int end) {
        return at + 1 < end && u[at] == '/' && u[at + 1] == '/';
    }

    /** Whether {@code u[at, end)} is a port number followed by a path, a query or nothing. */
    private static boolean isPortThenPath(byte[] u, int at, int end) {
        int i = at;
        while (i < end && u[i] >= '0' && u[i] <= '9') {
            i++;
        }
        return i > at && (i == end || u[i] == '/' || u[i] == '?');
    }

    private static byte[] canonicalHost(byte[] u, int from, int to, String url) {
        int userInfoEnd = lastIndexOf(u, '@', from, to);
        if (userInfoEnd >= 0) {
            from = userInfoEnd + 1;
        }
        if (from < to && u[from] == '[') {
            return ipv6Literal(u, from, to, url);
        }
        to = withoutPort(u, from, to);
        // One pass: lower case, runs of dots collapsed, leading and trailing dots dropped.
        byte[] host = new byte[to - from];
        int n = 0;
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            byte c = u[i];
            if (c == '.') {
                if (n > 0 && host[n - 1] != '.') {
                    host[n++] = c;
                }
                continue;
            }
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (c < 0) {
                ascii = false;
            }
            host[n++] = c;
        }
        if (n > 0 && host[n - 1] == '.') {
            n--;
        }
        if (!ascii) {
            host = collapseDots(lowerCaseAscii(InternationalHosts.toAscii(Arrays.copyOf(host, n))));
            n = host.length;
        }
        if (n == 0) {
            throw invalid(url, "the host is empty");
        }
        int forbidden = forbiddenHostCharacter(host, n);
        if (forbidden >= 0) {
            throw invalid(url, "the host contains '" + (char) forbidden + "'");
        }
        if (host[0] >= '0' && host[0] <= '9') {
            byte[] ipv4 = LenientIpv4.dottedQuad(host, 0, n);
            if (ipv4 != null) {
                return ipv4;
            }
        }
        int length = escapedLength(host, 0, n);
        if (length == n) {
            return n == host.length ? host : Arrays.copyOf(host, n);
        }
        byte[] escaped = new byte[length];
        escapeInto(host, 0, n, escaped, 0, length);
        return escaped;
    }

    /**
     * The first character that no host can hold and that would make the canonical form read differently a second
     * time ("a:b", "%41" put together by punycode, "/" from a full-width solidus in IDNA), or -1. The reference
     * client keeps such hosts; no resolver could look them up, and an expression must canonicalise to itself.
     */
    private static int forbiddenHostCharacter(byte[] host, int n) {
        for (int i = 0; i < n; i++) {
            byte c = host[i];
            if (c == ':' || c == '%' || c == '/' || c == '?' || c == '@' || c == '[' || c == ']') {
                return c;
            }
        }
        return -1;
    }

    /** An IPv6 literal stays in brackets, lower case, as written (not compressed): the reference client's form. */
    private static byte[] ipv6Literal(byte[] u, int from, int to, String url) {
        int close = lastIndexOf(u, ']', from, to);
        if (close < 0) {
            throw invalid(url, "the IPv6 literal has no closing ']'");
        }
        if (withoutPort(u, close + 1, to) != close + 1) {
            throw invalid(url, "unexpected text after the IPv6 literal");
        }
        String literal = new String(u, from + 1, close - from - 1, StandardCharsets.ISO_8859_1);
        if (!isIpv6Address(literal)) {
            throw invalid(url, "'[" + literal + "]' is not an IPv6 address");
        }
        return lowerCaseAscii(Arrays.copyOfRange(u, from, close + 1));
    }

    private static boolean isIpv6Address(String literal) {
        // Only hex digits, ':' and '.' (an embedded IPv4 address); the core parser would also forgive spaces.
        if (literal.indexOf(':') < 0 || !literal.chars().allMatch(UrlCanonicalizer::isIpv6LiteralCharacter)) {
            return false;
        }
        try {
            IpAddress.parse(literal);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isIpv6LiteralCharacter(int c) {
        return c == ':' || c == '.' || (c < 0x80 && hexValue((byte) c) >= 0);
    }

    /** The end of the host without a trailing ":port" (digits, or none at all). */
    private static int withoutPort(byte[] u, int from, int to) {
        int i = to;
        while (i > from && u[i - 1] >= '0' && u[i - 1] <= '9') {
            i--;
        }
        return i > from && u[i - 1] == ':' ? i - 1 : to;
    }

    private static byte[] lowerCaseAscii(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] >= 'A' && b[i] <= 'Z') {
                b[i] += 'a' - 'A';
            }
        }
        return b;
    }

    /** Removes leading and trailing dots and replaces runs of dots by one. */
    private static byte[] collapseDots(byte[] b) {
        int n = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '.' || (n > 0 && b[n - 1] != '.')) {
                b[n++] = b[i];
            }
        }
        if (n > 0 && b[n - 1] == '.') {
            n--;
        }
        return n == b.length ? b : Arrays.copyOf(b, n);
    }

    /** Whether the path has a run of slashes or a "." or ".." segment. */
    private static boolean needsResolving(byte[] u, int from, int to) {
        for (int i = from; i < to; i++) {
            if (u[i] != '/' || i + 1 == to) {
                continue;
            }
            byte next = u[i + 1];
            if (next == '/') {
                return true;
            }
            if (next == '.') {
                int dots = i + 2 < to && u[i + 2] == '.' ? 3 : 2;
                if (i + dots == to || u[i + dots] == '/') {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Resolves "." and ".." segments and collapses runs of slashes. A path ending in "/", "/." or "/.." names a
     * directory and keeps its trailing slash (RFC 3986 dot-segment removal, as browsers send it). Not yet escaped.
     */
    static byte[] resolvePath(byte[] u, int from, int to) {
        byte[] out = new byte[to - from + 1];
        int n = 0;
        out[n++] = '/';
        boolean directory = true;
        int i = from;
        while (i < to) {
            if (u[i] == '/') {
                directory = true;
                i++;
                continue;
            }
            int segment = i;
            while (i < to && u[i] != '/') {
                i++;
            }
            int length = i - segment;
            if (length == 1 && u[segment] == '.') {
                directory = true;
            } else if (length == 2 && u[segment] == '.' && u[segment + 1] == '.') {
                if (n > 1) {
                    n--;
                    while (out[n - 1] != '/') {
                        n--;
                    }
                }
                directory = true;
            } else {
                System.arraycopy(u, segment, out, n, length);
                n += length;
                out[n++] = '/';
                directory = false;
            }
        }
        if (!directory && n > 1) {
            n--;
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean needsEscape(byte b) {
        return NEEDS_ESCAPE[b & 0xff];
    }

    private static int escapedLength(byte[] b, int from, int to) {
        int length = to - from;
        for (int i = from; i < to; i++) {
            if (needsEscape(b[i])) {
                length += 2;
            }
        }
        return length;
    }

    /**
     * Writes the {@code escapedLength} escaped bytes (lower-case hex, as the reference client) and returns the end in
     * {@code out}; a plain copy when nothing needs escaping.
     */
    private static int escapeInto(byte[] b, int from, int to, byte[] out, int at, int escapedLength) {
        if (escapedLength == to - from) {
            System.arraycopy(b, from, out, at, escapedLength);
            return at + escapedLength;
        }
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (needsEscape(c)) {
                out[at++] = '%';
                out[at++] = HEX_DIGITS[(c >> 4) & 0xf];
                out[at++] = HEX_DIGITS[c & 0xf];
            } else {
                out[at++] = c;
            }
        }
        return at;
    }

    private static int indexOf(byte[] b, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static IllegalArgumentException invalid(String url, String reason) {
        return new IllegalArgumentException("URL '" + shown(url) + "' has no valid host: " + reason);
    }

    /** The URL for a message: control characters escaped (URLs come from untrusted traffic), long ones cut. */
    private static String shown(String url) {
        StringBuilder out = new StringBuilder(Math.min(url.length(), MAX_SHOWN_URL) + 8);
        for (int i = 0; i < url.length() && out.length() < MAX_SHOWN_URL; i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append('%').append((char) HEX_DIGITS[c >> 4]).append((char) HEX_DIGITS[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        if (out.length() >= MAX_SHOWN_URL && url.length() > MAX_SHOWN_URL) {
            out.append("...");
        }
        return out.toString();
    }

    /** Internationalised host names to punycode, tolerating bytes that are not UTF-8 (they stay, to be escaped). */
    private static final class InternationalHosts {
        private InternationalHosts() {
        }

        static byte[] toAscii(byte[] host) {
            byte[] whole = labelToAscii(host, 0, host.length);
            if (whole != null) {
                return whole;
            }
            byte[] out = new byte[0];
            int start = 0;
            for (int i = 0; i <= host.length; i++) {
                if (i == host.length || host[i] == '.') {
                    byte[] label = labelToAscii(host, start, i);
                    if (label == null) {
                        label = Arrays.copyOfRange(host, start, i);
                    }
                    int at = out.length;
                    out = Arrays.copyOf(out, at + label.length + (i < host.length ? 1 : 0));
                    System.arraycopy(label, 0, out, at, label.length);
                    if (i < host.length) {
                        out[out.length - 1] = '.';
                    }
                    start = i + 1;
                }
            }
            return out;
        }

        /** Punycode of {@code host[from, to)} when it is UTF-8 that IDNA accepts, else {@code null}. */
        private static byte[] labelToAscii(byte[] host, int from, int to) {
            try {
                String unicode = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(host, from, to - from))
                        .toString();
                String ascii = IDN.toASCII(unicode, IDN.ALLOW_UNASSIGNED);
                return ascii.getBytes(StandardCharsets.ISO_8859_1);
            } catch (CharacterCodingException | IllegalArgumentException e) {
                return null;
            }
        }
    }
}
