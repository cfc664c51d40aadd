package org.kizashi.core.active;

import java.net.IDN;
import java.util.Locale;

/**
 * The one spelling of a domain name that lists, zones and lookups share: lower case, internationalised labels in
 * punycode ({@code 例え.jp} becomes {@code xn--r8jz45g.jp}), no trailing dot. Rejects what no resolver could ask for.
 */
public final class DomainNames {
    /** Longest name in presentation form without the trailing dot (255 octets on the wire). */
    public static final int MAX_LENGTH = 253;
    private static final int MAX_LABEL = 63;

    private DomainNames() {
    }

    /**
     * The canonical form of {@code text}; a trailing dot is accepted and dropped.
     *
     * @throws IllegalArgumentException naming what is wrong (empty label, label too long, character not allowed)
     */
    public static String canonical(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty domain name");
        }
        // Japanese input methods type the ideographic and full-width full stops; IDNA reads them as dots.
        String t = text.strip().replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.');
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the root '.' is not a domain that can be listed");
        }
        String ascii = isPlainAscii(t) ? t.toLowerCase(Locale.ROOT) : toAscii(t, text);
        checkLabels(ascii, text);
        return ascii;
    }

    private static boolean isPlainAscii(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String toAscii(String t, String original) {
        try {
            return IDN.toASCII(t, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + original + "' is not a valid internationalised domain name: "
                    + e.getMessage(), e);
        }
    }

    private static void checkLabels(String name, String original) {
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("'" + original + "' is longer than " + MAX_LENGTH + " characters");
        }
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                int length = i - start;
                if (length == 0) {
                    throw new IllegalArgumentException("'" + original + "' has an empty label");
                }
                if (length > MAX_LABEL) {
                    throw new IllegalArgumentException("'" + original + "' has a label longer than " + MAX_LABEL
                            + " characters");
                }
                start = i + 1;
                continue;
            }
            char c = name.charAt(i);
            // Letters, digits, hyphen and underscore: malware uses underscores in names resolvers do answer.
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!allowed) {
                throw new IllegalArgumentException("'" + original + "' contains '" + c + "', which a host name cannot");
            }
        }
    }
}
