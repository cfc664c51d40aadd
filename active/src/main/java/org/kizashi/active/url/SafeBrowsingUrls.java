package org.kizashi.active.url;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * URL canonicalisation and lookup expressions of Google Safe Browsing (v4 API, "URLs and Hashing"), so that a URL in
 * a block list and the URL a subscriber's browser asks for meet in one spelling however either was written (escaped,
 * upper case, an IP address as one decimal number, an internationalised host in Unicode or punycode).
 *
 * <p>Where the v4 document and the reference client ({@code github.com/google/safebrowsing}) differ, this class
 * follows the reference client, whose test vectors it passes: the canonical URL leaves the query out (lookup
 * expressions keep it), escapes use lower-case hex, and up to six host suffixes are looked up instead of four.
 *
 * <p>Every method throws {@link IllegalArgumentException}, naming the URL, when the URL has no valid host.
 */
public final class SafeBrowsingUrls {
    private SafeBrowsingUrls() {
    }

    /**
     * The canonical URL: scheme (http when none), host and path, without query or fragment; for example
     * {@code "HTTP://www.Example.COM.:80/a/./b/../c?q#f"} gives {@code "http://www.example.com/a/c"}.
     */
    public static String canonicalUrl(String url) {
        return UrlCanonicalizer.parse(url).url();
    }

    /** The canonical host: lower case, punycode, dotted-quad IPv4 or bracketed IPv6, escaped, without port. */
    public static String canonicalHost(String url) {
        return UrlCanonicalizer.parse(url).host();
    }

    /** The canonical path, starting with "/", without the query. */
    public static String canonicalPath(String url) {
        return UrlCanonicalizer.parse(url).path();
    }

    /**
     * The dotted quad for a host that is an IPv4 address in any form a resolver accepts (decimal number, octal,
     * hexadecimal, fewer than four parts), or "" when it is not one.
     */
    public static String parseIpAddress(String host) {
        byte[] bytes = host.getBytes(StandardCharsets.UTF_8);
        String quad = LenientIpv4.parse(bytes, 0, bytes.length);
        return quad == null ? "" : quad;
    }

    /** The hosts to look up, most specific first: the exact host, then its suffixes down to two components. */
    public static List<String> lookupHosts(String url) {
        CanonicalUrl canonical = UrlCanonicalizer.parse(url);
        List<String> hosts = new ArrayList<>();
        for (int start : canonical.hostSuffixStarts()) {
            hosts.add(canonical.text(start, canonical.hostLength()));
        }
        return List.copyOf(hosts);
    }

    /**
     * The paths to look up, shortest first: "/", directory prefixes of up to three components, the exact path, and
     * the exact path with its query when there is one.
     */
    public static List<String> lookupPaths(String url) {
        CanonicalUrl canonical = UrlCanonicalizer.parse(url);
        List<String> paths = new ArrayList<>();
        for (int end : canonical.pathPrefixEnds()) {
            paths.add(canonical.text(canonical.hostLength(), end));
        }
        return List.copyOf(paths);
    }

    /** Every lookup host followed by every lookup path ("host/path"): the expressions a list entry can be. */
    public static List<String> expressions(String url) {
        CanonicalUrl canonical = UrlCanonicalizer.parse(url);
        byte[] bytes = canonical.expressionBytes();
        int[] ends = canonical.pathPrefixEnds();
        List<String> expressions = new ArrayList<>();
        for (int start : canonical.hostSuffixStarts()) {
            for (int end : ends) {
                expressions.add(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
            }
        }
        return List.copyOf(expressions);
    }
}
