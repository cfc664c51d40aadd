package org.kizashi.intel.correlation;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.IDN;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.kizashi.core.net.IpAddress;
import org.kizashi.intel.stix.pattern.Comparison;
import org.kizashi.intel.stix.pattern.StixPattern;
import org.kizashi.intel.stix.pattern.StixPatternException;

/**
 * The observable values (IP addresses, domains, URLs, e-mail addresses, hashes, ...) a STIX 2.1 object reports,
 * as keys of the correlation value index. The same value reported by several organisations, in a cyber-observable
 * object, an indicator pattern or an observed-data, gives the same key, so objects are linked through the index
 * rather than through a pairwise table.
 *
 * <p>A key is {@code kind|value}: the SCO type ({@code ipv4-addr|198.51.100.1}, {@code domain-name|example.com},
 * {@code autonomous-system|64496}, ...) or, for hashes, the type and the canonical algorithm name
 * ({@code file:SHA-256|aec0...}; artifacts use {@code file:} too, so the same content correlates). Values are
 * normalised so that spellings of one thing agree: canonical IP text with CIDR host bits cleared, lower-case
 * punycode domains, lower-case hex hashes, and so on. Nothing here resolves names or throws on odd input; the
 * class runs on every stored object, so it compiles no regular expression and uses no exception in the usual path.
 */
public final class ObservableValues {
    /** Longest key kept; longer values (very long URLs) are not indexed. */
    public static final int MAX_KEY_LENGTH = 2000;

    private static final String IPV4 = "ipv4-addr";
    private static final String IPV6 = "ipv6-addr";
    private static final String DOMAIN = "domain-name";
    private static final String URL = "url";
    private static final String EMAIL = "email-addr";
    private static final String MAC = "mac-addr";
    private static final String AS = "autonomous-system";
    private static final String REGISTRY_KEY = "windows-registry-key";
    /** File and artifact hashes share one prefix: the same content is the same observable. */
    private static final String FILE_HASH = "file:";
    private static final String CERTIFICATE_HASH = "x509-certificate:";

    /** Canonical hash algorithm names (STIX hash-algorithm-ov and a few common others), keyed by compact form. */
    private static final Map<String, String> HASH_ALGORITHMS = Map.ofEntries(
            Map.entry("MD5", "MD5"),
            Map.entry("SHA1", "SHA-1"),
            Map.entry("SHA224", "SHA-224"),
            Map.entry("SHA256", "SHA-256"),
            Map.entry("SHA384", "SHA-384"),
            Map.entry("SHA512", "SHA-512"),
            Map.entry("SHA3224", "SHA3-224"),
            Map.entry("SHA3256", "SHA3-256"),
            Map.entry("SHA3384", "SHA3-384"),
            Map.entry("SHA3512", "SHA3-512"),
            Map.entry("SSDEEP", "SSDEEP"),
            Map.entry("TLSH", "TLSH"));

    private ObservableValues() {
    }

    /** The normalised observable values a STIX 2.1 object reports, as "kind|value" keys, sorted, without duplicates. */
    public static List<String> of(JsonNode object) {
        if (object == null || !object.isObject()) {
            return List.of();
        }
        String type = text(object.get("type"));
        if (type == null) {
            return List.of();
        }
        Set<String> keys = new TreeSet<>();
        switch (type) {
            case "indicator" -> addIndicator(object, keys);
            case "observed-data" -> addEmbeddedObjects(object.get("objects"), keys);
            default -> addObservable(type, object, keys);
        }
        return keys.isEmpty() ? List.of() : List.copyOf(keys);
    }

    // ---------------------------------------------------------------- sources of values

    /**
     * The keys a person's search text may mean: the text read as each kind of value (an address, a domain, a URL, an
     * e-mail address, a MAC address) and, when it is hexadecimal of a digest's length, as that digest of a file or
     * certificate. A search looks all of them up in the value index.
     */
    public static List<String> candidates(String text) {
        Set<String> keys = new TreeSet<>();
        String given = text == null ? "" : text.strip();
        if (given.isEmpty()) {
            return List.of();
        }
        for (String type : List.of(IPV4, IPV6, DOMAIN, URL, EMAIL, MAC)) {
            if ((type.equals(URL) && given.contains("://")) || (type.equals(EMAIL) && given.contains("@"))
                    || (type.equals(DOMAIN) && given.contains(".") && !given.contains("/") && !given.contains("@"))
                    || type.equals(IPV4) || type.equals(IPV6) || (type.equals(MAC) && given.length() <= 17)) {
                addValue(type, given, keys);
            }
        }
        if (isHex(given)) {
            String algorithm = switch (given.length()) {
                case 32 -> "MD5";
                case 40 -> "SHA-1";
                case 64 -> "SHA-256";
                case 128 -> "SHA-512";
                default -> null;
            };
            if (algorithm != null) {
                addHash(FILE_HASH, algorithm, given, keys);
                addHash(CERTIFICATE_HASH, algorithm, given, keys);
            }
        }
        return List.copyOf(keys);
    }

    private static void addObservable(String type, JsonNode object, Set<String> keys) {
        switch (type) {
            case IPV4, IPV6, DOMAIN, URL, EMAIL, MAC -> addValue(type, text(object.get("value")), keys);
            case AS -> add(keys, AS, asNumber(object.get("number")));
            case REGISTRY_KEY -> add(keys, REGISTRY_KEY, registryKey(text(object.get("key"))));
            case "file", "artifact" -> addHashes(FILE_HASH, object.get("hashes"), keys);
            case "x509-certificate" -> addHashes(CERTIFICATE_HASH, object.get("hashes"), keys);
            default -> {
                // email-message (too generic), network-traffic (its refs report themselves) and the others: nothing
            }
        }
    }

    /** The SCOs of the deprecated {@code objects} dictionary of observed-data. */
    private static void addEmbeddedObjects(JsonNode objects, Set<String> keys) {
        if (objects == null || !objects.isObject()) {
            return;
        }
        for (JsonNode embedded : objects) {
            String type = embedded.isObject() ? text(embedded.get("type")) : null;
            if (type != null) {
                addObservable(type, embedded, keys);
            }
        }
    }

    private static void addHashes(String prefix, JsonNode hashes, Set<String> keys) {
        if (hashes == null || !hashes.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> hash : hashes.properties()) {
            addHash(prefix, hash.getKey(), text(hash.getValue()), keys);
        }
    }

    /** The values of the non-negated {@code =} and {@code IN} comparisons of a STIX pattern. */
    private static void addIndicator(JsonNode indicator, Set<String> keys) {
        JsonNode patternType = indicator.get("pattern_type");
        if (patternType != null && !patternType.isNull() && !"stix".equalsIgnoreCase(patternType.asText())) {
            return;
        }
        String text = text(indicator.get("pattern"));
        if (text == null) {
            return;
        }
        StixPattern pattern;
        try {
            pattern = StixPattern.parse(text);
        } catch (StixPatternException | RuntimeException e) {
            return; // not a valid pattern: nothing reliable to index
        }
        for (Comparison comparison : pattern.comparisons()) {
            if (comparison.negated()) {
                continue;
            }
            String operator = comparison.operator();
            if (operator.equals("=")) {
                addComparison(comparison.objectType(), comparison.path(), comparison.value(), keys);
            } else if (operator.equals("IN") && comparison.value() instanceof List<?> values) {
                for (Object value : values) {
                    addComparison(comparison.objectType(), comparison.path(), value, keys);
                }
            }
        }
    }

    /** One compared value, when the path is one of the properties that carry an observable value. */
    private static void addComparison(String objectType, List<String> path, Object value, Set<String> keys) {
        int size = path.size();
        if (size == 0) {
            return;
        }
        String last = path.get(size - 1);
        if (size == 1) {
            switch (objectType) {
                case IPV4, IPV6, DOMAIN, URL, EMAIL, MAC -> {
                    if (last.equals("value") && value instanceof String text) {
                        addValue(objectType, text, keys);
                    }
                }
                case AS -> {
                    if (last.equals("number")) {
                        add(keys, AS, asNumber(value));
                    }
                }
                case REGISTRY_KEY -> {
                    if (last.equals("key") && value instanceof String text) {
                        add(keys, REGISTRY_KEY, registryKey(text));
                    }
                }
                default -> {
                }
            }
        } else if (size == 2 && path.getFirst().equals("hashes")) {
            String prefix = switch (objectType) {
                case "file", "artifact" -> FILE_HASH;
                case "x509-certificate" -> CERTIFICATE_HASH;
                default -> null;
            };
            if (prefix != null) {
                addHash(prefix, last, hashText(value), keys);
            }
        } else if (last.equals("value") && value instanceof String text && isReference(path, size - 1)) {
            switch (objectType) {
                case "email-message" -> addValue(EMAIL, text, keys);
                case "network-traffic" -> {
                    String reference = path.getFirst();
                    if (size == 2 && (reference.equals("src_ref") || reference.equals("dst_ref"))) {
                        addAddressOrDomain(text, keys);
                    }
                }
                case DOMAIN -> {
                    if (path.getFirst().equals("resolves_to_refs")) {
                        addAddressOrDomain(text, keys);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Whether the step before {@code index} follows a reference: {@code x_ref} or {@code x_refs[n]}. */
    private static boolean isReference(List<String> path, int index) {
        String previous = path.get(index - 1);
        if (previous.endsWith("_ref")) {
            return true;
        }
        return index >= 2 && previous.startsWith("[") && path.get(index - 2).endsWith("_refs");
    }

    /** A referenced object of unknown type: an IP address by its syntax, otherwise a domain name. */
    private static void addAddressOrDomain(String text, Set<String> keys) {
        String address = ipv4(text);
        if (address != null) {
            add(keys, IPV4, address);
            return;
        }
        address = ipv6(text);
        if (address != null) {
            add(keys, IPV6, address);
            return;
        }
        String domain = domain(text);
        if (domain != null && looksLikeDomain(domain)) {
            add(keys, DOMAIN, domain);
        }
    }

    private static void addValue(String type, String text, Set<String> keys) {
        if (text == null) {
            return;
        }
        String value = switch (type) {
            case IPV4 -> ipv4(text);
            case IPV6 -> ipv6(text);
            case DOMAIN -> domain(text);
            case URL -> url(text);
            case EMAIL -> email(text);
            case MAC -> mac(text);
            default -> null;
        };
        add(keys, type, value);
    }

    private static void addHash(String prefix, String algorithm, String value, Set<String> keys) {
        if (algorithm == null || value == null) {
            return;
        }
        String name = hashAlgorithm(algorithm);
        String hash = value.strip();
        if (name.isEmpty() || hash.isEmpty()) {
            return;
        }
        boolean asGiven = name.equals("SSDEEP") || name.equals("TLSH")
                || (!HASH_ALGORITHMS.containsValue(name) && !isHex(hash));
        add(keys, prefix + name, asGiven ? hash : hash.toLowerCase(Locale.ROOT));
    }

    private static void add(Set<String> keys, String kind, String value) {
        if (value == null || value.isEmpty() || kind.length() + 1 + value.length() > MAX_KEY_LENGTH) {
            return;
        }
        keys.add(kind + '|' + value);
    }

    // ---------------------------------------------------------------- normalisation

    /** "SHA-256", "sha256", "SHA_256" all give "SHA-256"; names outside the list are kept as given (trimmed). */
    static String hashAlgorithm(String algorithm) {
        String trimmed = algorithm.strip();
        StringBuilder compact = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c != '-' && c != '_' && c != ' ') {
                compact.append(Character.toUpperCase(c));
            }
        }
        return HASH_ALGORITHMS.getOrDefault(compact.toString(), trimmed);
    }

    /**
     * Canonical dotted quad; octets are read as decimal whatever their leading zeros. A {@code /32} prefix gives
     * the bare address, other prefixes are kept with the host bits cleared. Null when not an IPv4 address.
     */
    static String ipv4(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        long address = parseIpv4(s, 0, slash < 0 ? s.length() : slash);
        if (address < 0) {
            return null;
        }
        if (slash < 0) {
            return formatIpv4(address);
        }
        int prefix = parsePrefix(s, slash + 1, s.length(), 32);
        if (prefix < 0) {
            return null;
        }
        if (prefix == 32) {
            return formatIpv4(address);
        }
        long mask = (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        return formatIpv4(address & mask) + '/' + prefix;
    }

    /** The address as an unsigned 32-bit number, or -1. */
    private static long parseIpv4(String s, int from, int to) {
        long address = 0;
        int octets = 0;
        int pos = from;
        while (true) {
            int value = 0;
            int digits = 0;
            while (pos < to && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                if (++digits > 3) {
                    return -1;
                }
                value = value * 10 + (s.charAt(pos++) - '0');
            }
            if (digits == 0 || value > 255) {
                return -1;
            }
            address = (address << 8) | value;
            octets++;
            if (pos == to) {
                return octets == 4 ? address : -1;
            }
            if (s.charAt(pos) != '.' || octets == 4) {
                return -1;
            }
            pos++;
        }
    }

    private static String formatIpv4(long address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    /** A decimal prefix length of at most {@code max}, or -1. */
    private static int parsePrefix(String s, int from, int to, int max) {
        if (to - from < 1 || to - from > 3) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    /**
     * RFC 5952 text: lower case, no leading zeros, the longest run of zero groups (the first of equal ones, and
     * only if longer than one group) as {@code ::}, IPv4-mapped addresses as {@code ::ffff:a.b.c.d}. A
     * {@code /128} prefix gives the bare address, other prefixes are kept with the host bits cleared. Null when not
     * an IPv6 address; no name resolution is involved.
     */
    static String ipv6(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        int[] groups = new int[8];
        if (!parseIpv6(s, 0, slash < 0 ? s.length() : slash, groups)) {
            return null;
        }
        if (slash < 0) {
            return formatIpv6(groups);
        }
        int prefix = parsePrefix(s, slash + 1, s.length(), 128);
        if (prefix < 0) {
            return null;
        }
        if (prefix == 128) {
            return formatIpv6(groups);
        }
        for (int i = 0; i < 8; i++) {
            int kept = prefix - i * 16;
            if (kept <= 0) {
                groups[i] = 0;
            } else if (kept < 16) {
                groups[i] &= (0xFFFF << (16 - kept)) & 0xFFFF;
            }
        }
        return formatIpv6(groups) + '/' + prefix;
    }

    private static boolean parseIpv6(String s, int from, int to, int[] groups) {
        int doubleColon = s.indexOf("::", from);
        if (doubleColon < 0 || doubleColon + 2 > to) {
            return parseGroups(s, from, to, groups, true) == 8;
        }
        int again = s.indexOf("::", doubleColon + 1);
        if (again >= 0 && again + 2 <= to) {
            return false;
        }
        int[] tail = new int[8];
        int headCount = parseGroups(s, from, doubleColon, groups, false);
        int tailCount = parseGroups(s, doubleColon + 2, to, tail, true);
        if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
            return false;
        }
        for (int i = headCount; i < 8 - tailCount; i++) {
            groups[i] = 0;
        }
        System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
        return true;
    }

    /** Colon-separated hex groups (the last may be a dotted quad), or -1; an empty range has no groups. */
    private static int parseGroups(String s, int from, int to, int[] out, boolean ipv4Last) {
        if (from == to) {
            return 0;
        }
        int count = 0;
        int pos = from;
        while (true) {
            int end = pos;
            boolean dotted = false;
            while (end < to && s.charAt(end) != ':') {
                dotted |= s.charAt(end) == '.';
                end++;
            }
            if (dotted) {
                long address = end == to && ipv4Last && count <= 6 ? parseIpv4(s, pos, end) : -1;
                if (address < 0) {
                    return -1;
                }
                out[count++] = (int) (address >>> 16);
                out[count++] = (int) (address & 0xFFFF);
                return count;
            }
            if (end - pos < 1 || end - pos > 4 || count == 8) {
                return -1;
            }
            int value = 0;
            for (int i = pos; i < end; i++) {
                int digit = Character.digit(s.charAt(i), 16);
                if (digit < 0 || s.charAt(i) > 'f') {
                    return -1;
                }
                value = (value << 4) | digit;
            }
            out[count++] = value;
            if (end == to) {
                return count;
            }
            pos = end + 1;
        }
    }

    /** RFC 5952 text ({@link IpAddress#toString}), except that IPv4-mapped addresses keep their IPv6 form. */
    private static String formatIpv6(int[] groups) {
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xFFFF) {
            return "::ffff:" + (groups[6] >>> 8) + "." + (groups[6] & 0xFF) + "." + (groups[7] >>> 8) + "."
                    + (groups[7] & 0xFF);
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups[i] >>> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        return IpAddress.fromBytes(bytes).toString();
    }

    /**
     * Lower case, without the trailing dot, internationalised names in ASCII (punycode) so that {@code 例え.jp}
     * and {@code xn--r8jz45g.jp} agree; a name IDN rejects is kept lower-cased.
     */
    static String domain(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        if (!isAscii(name)) {
            try {
                name = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                // not convertible (label too long, prohibited characters): keep the lower-cased text
            }
        }
        if (name.length() > 1 && name.charAt(name.length() - 1) == '.') {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    /** Rules out what clearly is no domain name, for values whose type is only guessed. */
    private static boolean looksLikeDomain(String name) {
        boolean letter = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':' || c == '/' || c == '@' || Character.isWhitespace(c)) {
                return false;
            }
            letter |= c != '.' && (c < '0' || c > '9');
        }
        return letter;
    }

    /**
     * Scheme and host in lower case (the host as {@link #domain(String)} gives it, or canonical IPv6 in brackets),
     * the default port of http and https removed, the rest as given; without {@code scheme://} the trimmed text.
     */
    static String url(String text) {
        String s = text.strip();
        int schemeEnd = s.indexOf("://");
        if (schemeEnd <= 0 || !isScheme(s, schemeEnd)) {
            return s;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < s.length() && "/?#".indexOf(s.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        int at = s.lastIndexOf('@', authorityEnd - 1);
        int hostStart = at >= authorityStart ? at + 1 : authorityStart;
        int hostEnd;
        String host;
        if (hostStart < authorityEnd && s.charAt(hostStart) == '[') {
            int close = s.indexOf(']', hostStart);
            if (close < 0 || close >= authorityEnd) {
                return s;
            }
            hostEnd = close + 1;
            if (hostEnd < authorityEnd && s.charAt(hostEnd) != ':') {
                return s;
            }
            String literal = s.substring(hostStart + 1, close);
            String canonical = ipv6(literal);
            host = "[" + (canonical != null ? canonical : literal.toLowerCase(Locale.ROOT)) + "]";
        } else {
            int colon = s.lastIndexOf(':', authorityEnd - 1);
            hostEnd = colon >= hostStart ? colon : authorityEnd;
            host = domain(s.substring(hostStart, hostEnd));
        }
        String scheme = s.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String port = hostEnd < authorityEnd ? s.substring(hostEnd + 1, authorityEnd) : null;
        boolean dropPort = port != null && (port.isEmpty() || isDefaultPort(scheme, port));
        StringBuilder out = new StringBuilder(s.length() + 8);
        out.append(scheme).append("://").append(s, authorityStart, hostStart).append(host);
        if (port != null && !dropPort) {
            out.append(':').append(port);
        }
        return out.append(s, authorityEnd, s.length()).toString();
    }

    private static boolean isScheme(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDefaultPort(String scheme, String port) {
        if (port.length() > 5) {
            return false;
        }
        int number = 0;
        for (int i = 0; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            number = number * 10 + (c - '0');
        }
        return (number == 80 && scheme.equals("http")) || (number == 443 && scheme.equals("https"));
    }

    /** The local part as given (it may be case-sensitive), the domain as {@link #domain(String)} gives it. */
    static String email(String text) {
        String s = text.strip();
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            return s;
        }
        return s.substring(0, at + 1) + domain(s.substring(at + 1));
    }

    /**
     * Lower-case hex pairs separated by colons, from {@code AA-BB-CC-DD-EE-FF}, {@code aabb.ccdd.eeff},
     * {@code aabbccddeeff} or {@code a:b:c:d:e:f} (and the 8-octet EUI-64 forms); anything else lower-cased.
     */
    static String mac(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        StringBuilder hex = new StringBuilder(16);
        int groups = 0;
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        int length = 0;
        char separator = 0;
        for (int i = 0; i <= s.length(); i++) {
            boolean end = i == s.length();
            char c = end ? ':' : s.charAt(i);
            if (!end && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                length++;
                continue;
            }
            if (!end) {
                if ((c != ':' && c != '-' && c != '.') || (separator != 0 && c != separator)) {
                    return s;
                }
                separator = c;
            }
            if (length == 0) {
                return s;
            }
            int groupStart = i - length;
            if (length == 1) {
                hex.append('0');
            }
            hex.append(s, groupStart, i);
            groups++;
            shortest = Math.min(shortest, length);
            longest = Math.max(longest, length);
            length = 0;
        }
        boolean octets = longest <= 2 && (groups == 6 || groups == 8) && separator != '.';
        boolean words = shortest == 4 && longest == 4 && (groups == 3 || groups == 4);
        boolean plain = groups == 1 && (longest == 12 || longest == 16);
        if (!octets && !words && !plain) {
            return s;
        }
        StringBuilder out = new StringBuilder(hex.length() * 3 / 2);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }

    static String registryKey(String text) {
        return text == null ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    /** 0 to 4294967295 from a JSON number, a pattern integer or decimal text; otherwise null. */
    private static String asNumber(Object value) {
        long number;
        if (value instanceof JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                number = node.longValue();
            } else if (node.isTextual()) {
                return asNumber(node.textValue());
            } else {
                return null;
            }
        } else if (value instanceof Long pattern) {
            number = pattern;
        } else if (value instanceof String text) {
            String digits = text.strip();
            if (digits.isEmpty() || digits.length() > 10) {
                return null;
            }
            number = 0;
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                number = number * 10 + (c - '0');
            }
        } else {
            return null;
        }
        return number >= 0 && number <= 0xFFFF_FFFFL ? Long.toString(number) : null;
    }

    /** A hash compared with a string, or with a hex or binary literal. */
    private static String hashText(Object value) {
        return switch (value) {
            case String text -> text;
            case byte[] bytes -> HexFormat.of().formatHex(bytes);
            case null, default -> null;
        };
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }
}
