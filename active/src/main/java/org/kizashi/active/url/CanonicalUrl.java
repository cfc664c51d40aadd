package org.kizashi.active.url;

import java.nio.charset.StandardCharsets;

/**
 * A canonical URL held as the bytes of its longest lookup expression, {@code host + path [+ "?" + query]}, so that
 * every other expression is a slice of it: a host suffix is followed directly by the path, and every lookup path is
 * a prefix of path-and-query. Matching can then hash slices without building strings. All bytes are ASCII.
 */
final class CanonicalUrl {
    /**
     * Host components the reference client looks at (the exact host aside): the last seven, that is up to six
     * suffixes. The v4 document says "the last five, up to four"; the reference client's vectors ask for more, and
     * looking up more suffixes only finds entries that fewer would miss.
     */
    private static final int MAX_HOST_COMPONENTS = 7;
    /** Path components of the longest prefix tried besides the exact path: "/", "/a/", "/a/b/", "/a/b/c/". */
    private static final int MAX_PATH_COMPONENTS = 4;

    private final String scheme;
    private final byte[] expression;
    private final int hostLength;
    private final int pathEnd;

    CanonicalUrl(String scheme, byte[] expression, int hostLength, int pathEnd) {
        this.scheme = scheme;
        this.expression = expression;
        this.hostLength = hostLength;
        this.pathEnd = pathEnd;
    }

    String scheme() {
        return scheme;
    }

    String host() {
        return text(0, hostLength);
    }

    /** The path without the query. */
    String path() {
        return text(hostLength, pathEnd);
    }

    /** The URL the reference client calls canonical: scheme, host and path; the query is left out. */
    String url() {
        return scheme + "://" + host() + path();
    }

    /** The full expression: host, path and, when not empty, "?" and the query. */
    String fullExpression() {
        return text(0, expression.length);
    }

    /** The bytes of {@link #fullExpression()}; not copied, do not modify. */
    byte[] expressionBytes() {
        return expression;
    }

    int hostLength() {
        return hostLength;
    }

    String text(int from, int to) {
        return new String(expression, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Where each lookup host starts in {@link #expressionBytes()}, most specific first: the exact host (0), then
     * the suffixes from the one of {@value #MAX_HOST_COMPONENTS} components down to the one of two (never the
     * top-level domain alone). An IP address is only itself.
     */
    int[] hostSuffixStarts() {
        if (isIpAddress()) {
            return new int[] {0};
        }
        int dots = 0;
        for (int i = 0; i < hostLength; i++) {
            if (expression[i] == '.') {
                dots++;
            }
        }
        int components = dots + 1;
        int firstSuffix = Math.max(1, components - MAX_HOST_COMPONENTS);
        int suffixes = Math.max(0, components - 1 - firstSuffix);
        int[] starts = new int[1 + suffixes];
        int component = 0;
        int n = 1;
        for (int i = 0; i < hostLength && n < starts.length; i++) {
            if (expression[i] == '.') {
                component++;
                if (component >= firstSuffix) {
                    starts[n++] = i + 1;
                }
            }
        }
        return starts;
    }

    private boolean isIpAddress() {
        return expression[0] == '[' || LenientIpv4.isDottedQuad(expression, 0, hostLength);
    }

    /**
     * Where each lookup path ends in {@link #expressionBytes()}, shortest first: "/", the directory prefixes of up to
     * {@value #MAX_PATH_COMPONENTS} components exclusive of the whole path, the path, then path and query.
     */
    int[] pathPrefixEnds() {
        boolean directory = expression[pathEnd - 1] == '/';
        int slashes = 0;
        for (int i = hostLength; i < pathEnd; i++) {
            if (expression[i] == '/') {
                slashes++;
            }
        }
        int components = directory ? slashes - 1 : slashes;
        int prefixes = Math.min(components, MAX_PATH_COMPONENTS) - 1;
        boolean rootOnly = pathEnd - hostLength == 1;
        boolean hasQuery = pathEnd < expression.length;
        int[] ends = new int[1 + Math.max(0, prefixes) + (rootOnly ? 0 : 1) + (hasQuery ? 1 : 0)];
        int n = 0;
        ends[n++] = hostLength + 1;
        int slash = 1;
        for (int i = hostLength + 1; i < pathEnd && slash <= prefixes; i++) {
            if (expression[i] == '/') {
                ends[n++] = i + 1;
                slash++;
            }
        }
        if (!rootOnly) {
            ends[n++] = pathEnd;
        }
        if (hasQuery) {
            ends[n++] = expression.length;
        }
        return ends;
    }
}
