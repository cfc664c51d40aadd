package org.kizashi.intel.stix;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.kizashi.core.net.IpAddress;

/**
 * The value formats of STIX 2.1: timestamps, identifiers, type names and the formats of observable values. Each
 * check returns null when the value is well formed, else an English description of what is wrong.
 */
final class StixFormats {
    private StixFormats() {
    }

    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?Z");
    /** RFC 3339 shapes STIX does not accept, recognised only to explain why. */
    private static final Pattern WITH_OFFSET = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:[zZ]|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z0-9_]{3,250}");
    private static final Pattern DICTIONARY_KEY = Pattern.compile("[a-zA-Z0-9_-]{1,250}");
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");
    private static final Pattern BASE64 = Pattern.compile(
            "(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("(?:[A-Za-z]{2,8}|[xXiI])(?:-[A-Za-z0-9]{1,8})*");
    private static final Pattern MAC = Pattern.compile("(?:[0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern LDH_LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?");
    private static final Pattern DOT_ATOM = Pattern.compile("[^\\s\"(),.:;<>@\\[\\\\\\]]+(?:\\.[^\\s\"(),.:;<>@\\[\\\\\\]]+)*");
    private static final Pattern QUOTED_LOCAL = Pattern.compile("\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"");
    private static final Pattern SEMVER = Pattern.compile(
            "(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?");

    /** The STIX timestamp form, quoted in messages. */
    static final String TIMESTAMP_FORM = "YYYY-MM-DDTHH:mm:ss[.s+]Z (RFC 3339, UTC)";

    /** A parsed identifier: {@code type--uuid}; {@code uuidVersion} is the UUID's version digit. */
    record Identifier(String type, String uuid, int uuidVersion) {
    }

    /** The instant of a STIX timestamp, or null when {@link #timestampProblem} reports a problem. */
    static Instant instant(String text) {
        // By hand rather than with the TIMESTAMP pattern: every object has two timestamps, and ingest is CPU-bound.
        int length = text.length();
        if (length < 20 || text.charAt(length - 1) != 'Z' || !digits(text, 0, 4) || text.charAt(4) != '-'
                || !digits(text, 5, 7) || text.charAt(7) != '-' || !digits(text, 8, 10) || text.charAt(10) != 'T'
                || !digits(text, 11, 13) || text.charAt(13) != ':' || !digits(text, 14, 16) || text.charAt(16) != ':'
                || !digits(text, 17, 19)) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21 || !digits(text, 20, length - 1)) {
                return null;
            }
            String fraction = text.substring(20, length - 1);
            nanos = Integer.parseInt((fraction + "00000000").substring(0, 9));
        }
        try {
            LocalDate date = LocalDate.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10));
            int hour = number(text, 11, 13);
            int minute = number(text, 14, 16);
            int second = number(text, 17, 19);
            if (hour > 23 || minute > 59 || second > 60) {
                return null;
            }
            // A leap second (:60) is the instant after :59 of the same minute.
            return date.atStartOfDay().toInstant(ZoneOffset.UTC)
                    .plusSeconds(hour * 3600L + minute * 60L + second).plusNanos(nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Whether the characters from {@code from} to {@code to} (exclusive) are all ASCII digits. */
    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /** Null for a STIX timestamp, else what is wrong with it. */
    static String timestampProblem(String text) {
        if (instant(text) != null) {
            return null;
        }
        if (TIMESTAMP.matcher(text).matches()) {
            return "there is no such date or time of day";
        }
        if (WITH_OFFSET.matcher(text).matches()) {
            return "STIX timestamps are in UTC with an upper-case 'T' and the 'Z' designator and include seconds: "
                    + TIMESTAMP_FORM;
        }
        return "expected " + TIMESTAMP_FORM;
    }

    /** Whether a valid timestamp has at least three fractional digits. */
    static boolean hasMilliseconds(String text) {
        return instant(text) != null && text.length() >= 24; // "...:ssZ" is 20 characters, ".sss" 4 more
    }

    /** Null when {@code name} is a valid STIX type name, else what is wrong. */
    static String typeNameProblem(String name) {
        if (name.length() < 3 || name.length() > 250) {
            return "a type name is 3 to 250 characters long, found " + name.length();
        }
        if (!isTypeName(name)) {
            return "a type name contains only a-z, 0-9 and single hyphens and starts with a letter";
        }
        return null;
    }

    /** {@code [a-z][a-z0-9]*(-[a-z0-9]+)*-?}, by hand (checked for every identifier). */
    private static boolean isTypeName(String name) {
        char first = name.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && !(c == '-' && name.charAt(i - 1) != '-')) {
                return false;
            }
        }
        return true;
    }

    /** The parts of a valid identifier, or null; {@link #identifierProblem} says why not. */
    static Identifier identifier(String text) {
        return identifierProblem(text) == null ? parts(text) : null;
    }

    private static Identifier parts(String text) {
        int separator = separator(text);
        if (separator < 0) {
            return null;
        }
        String uuid = text.substring(separator + 2);
        return new Identifier(text.substring(0, separator), uuid, isUuid(uuid) ? Character.digit(uuid.charAt(14), 16)
                : -1);
    }

    /**
     * Where {@code (.*?)--(.*)} splits an identifier: the first "--", or -1 when there is none or the text has a line
     * terminator (which '.' does not match).
     */
    private static int separator(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return -1;
            }
        }
        return text.indexOf("--");
    }

    /** 8-4-4-4-12 hexadecimal digits. */
    private static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean hyphen = i == 8 || i == 13 || i == 18 || i == 23;
            if (hyphen ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    /** Null when {@code text} is {@code <type>--<RFC 4122 UUID>}, else what is wrong. */
    static String identifierProblem(String text) {
        int separator = separator(text);
        if (separator < 0) {
            return "an identifier has the form <type>--<UUID>";
        }
        String type = text.substring(0, separator);
        String uuid = text.substring(separator + 2);
        String typeProblem = typeNameProblem(type);
        if (typeProblem != null) {
            return "its type part '" + type + "' is not a type name (" + typeProblem + ")";
        }
        if (!isUuid(uuid)) {
            return "'" + uuid + "' is not a UUID (8-4-4-4-12 hexadecimal digits)";
        }
        int version = Character.digit(uuid.charAt(14), 16);
        if (version < 1 || version > 5) {
            return "UUID version " + version + " is not an RFC 4122 version (1 to 5)";
        }
        if ("89abAB".indexOf(uuid.charAt(19)) < 0) {
            return "the UUID's variant is not the RFC 4122 variant (its 17th digit must be 8, 9, a or b)";
        }
        return null;
    }

    /** Whether a custom property name follows STIX 2.1 (a-z, 0-9, '_', 3 to 250 characters). */
    static boolean isPropertyName(String name) {
        return PROPERTY_NAME.matcher(name).matches();
    }

    /** Whether a dictionary key follows STIX 2.1 (ASCII letters, digits, '-', '_', at most 250). */
    static boolean isDictionaryKey(String key) {
        return DICTIONARY_KEY.matcher(key).matches();
    }

    static boolean isHex(String text) {
        return HEX.matcher(text).matches();
    }

    static boolean isBase64(String text) {
        return !text.isEmpty() && BASE64.matcher(text).matches();
    }

    static boolean isLanguageTag(String text) {
        return LANGUAGE_TAG.matcher(text).matches();
    }

    static boolean isSemanticVersion(String text) {
        return SEMVER.matcher(text).matches();
    }

    /** Null for an IPv4 address or CIDR block (a.b.c.d or a.b.c.d/n), else what is wrong. */
    static String ipv4Problem(String text) {
        String address = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            address = text.substring(0, slash);
            if (!prefixLengthValid(text.substring(slash + 1), 32)) {
                return "the CIDR prefix length after '/' must be 0 to 32";
            }
        }
        if (!address.matches("[0-9.]+")) {
            return "expected a dotted-decimal IPv4 address, optionally with a CIDR prefix length";
        }
        return parses(address) ? null : "expected four decimal octets 0 to 255 without leading zeros";
    }

    /** Null for an IPv6 address or CIDR block, else what is wrong. */
    static String ipv6Problem(String text) {
        String address = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            address = text.substring(0, slash);
            if (!prefixLengthValid(text.substring(slash + 1), 128)) {
                return "the CIDR prefix length after '/' must be 0 to 128";
            }
        }
        int zone = address.indexOf('%');
        if (zone > 0 && zone < address.length() - 1) {
            address = address.substring(0, zone); // a zone index is tolerated, as by the OASIS schema
        }
        if (address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:.]+")) {
            return "expected a textual IPv6 address (RFC 4291), optionally with a CIDR prefix length";
        }
        return parses(address) ? null : "not a textual IPv6 address (RFC 4291)";
    }

    private static boolean prefixLengthValid(String length, int max) {
        return length.matches("0|[1-9][0-9]{0,2}") && Integer.parseInt(length) <= max;
    }

    private static boolean parses(String address) {
        try {
            IpAddress.parse(address);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isMacAddress(String text) {
        return MAC.matcher(text).matches();
    }

    /** Null for a domain name (RFC 1034; internationalised labels per RFC 5890), else what is wrong. */
    static String domainNameProblem(String text) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty()) {
            return "a domain name has at least one label";
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return "not a valid internationalised domain name (" + e.getMessage() + ")";
        }
        if (ascii.length() > 253) {
            return "a domain name is at most 253 characters long (in its ASCII form)";
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return "each label is 1 to 63 characters long";
            }
            if (!LDH_LABEL.matcher(label).matches()) {
                return "label '" + label + "' contains characters other than letters, digits and inner hyphens";
            }
        }
        return null;
    }

    /** Null for an RFC 5322 addr-spec (local-part@domain), else what is wrong. */
    static String emailAddressProblem(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            return "expected an addr-spec local-part@domain (RFC 5322 section 3.4.1)";
        }
        String local = text.substring(0, at);
        String domain = text.substring(at + 1);
        if (!DOT_ATOM.matcher(local).matches() && !QUOTED_LOCAL.matcher(local).matches()) {
            return "the local part '" + local + "' is neither a dot-atom nor a quoted string (RFC 5322)";
        }
        if (domain.startsWith("[") && domain.endsWith("]")) {
            return null; // a domain literal, e.g. [192.0.2.1]
        }
        String domainProblem = domainNameProblem(domain);
        return domainProblem == null ? null : "the domain '" + domain + "' is not a domain name: " + domainProblem;
    }

    /** Null for an absolute URL (RFC 3986: scheme ':' hierarchical part), else what is wrong. */
    static String urlProblem(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null) {
                return "a URL starts with a scheme, e.g. 'https:'";
            }
            return null;
        } catch (URISyntaxException e) {
            return "not a URL (RFC 3986): " + e.getReason() + " at index " + e.getIndex();
        }
    }
}
