package org.kizashi.intel.stix.pattern;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The hash value formats that cti-pattern-validator checks in comparisons on a {@code hashes} property, for the
 * same algorithms; values for other algorithms (TLSH, custom ones) are not checked.
 */
final class HashValues {
    private static final Pattern MD5 = hex(32);
    private static final Pattern SHA1 = hex(40);
    private static final Pattern SHA224 = hex(56);
    private static final Pattern SHA256 = hex(64);
    private static final Pattern SHA384 = hex(96);
    private static final Pattern SHA512 = hex(128);

    /** Keys are algorithm names in upper case without hyphens, so "SHA-256", "sha256" and "SHA256" all match. */
    private static final Map<String, Pattern> FORMATS = Map.ofEntries(
            Map.entry("MD5", MD5),
            Map.entry("MD6", Pattern.compile("[a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{56}|[a-fA-F0-9]{64}"
                    + "|[a-fA-F0-9]{96}|[a-fA-F0-9]{128}")),
            Map.entry("RIPEMD160", SHA1),
            Map.entry("SHA1", SHA1),
            Map.entry("SHA224", SHA224),
            Map.entry("SHA256", SHA256),
            Map.entry("SHA384", SHA384),
            Map.entry("SHA512", SHA512),
            Map.entry("SHA3224", SHA224),
            Map.entry("SHA3256", SHA256),
            Map.entry("SHA3384", SHA384),
            Map.entry("SHA3512", SHA512),
            Map.entry("SSDEEP", Pattern.compile("[a-zA-Z0-9/+:.]{1,128}")),
            Map.entry("WHIRLPOOL", SHA512));

    private HashValues() {
    }

    /** True when the algorithm is unknown (nothing to check) or the value has the algorithm's format. */
    static boolean isValid(String algorithm, String value) {
        Pattern format = FORMATS.get(algorithm.toUpperCase(Locale.ROOT).replace("-", ""));
        return format == null || format.matcher(value).matches();
    }

    private static Pattern hex(int digits) {
        return Pattern.compile("[a-fA-F0-9]{" + digits + "}");
    }
}
