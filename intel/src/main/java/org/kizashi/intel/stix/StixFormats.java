package org.kizashi.intel.stix;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
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
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*-?");
    private static final Pattern IDENTIFIER = Pattern.compile("(.*?)--(.*)");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-([0-9a-fA-F])[0-9a-fA-F]{3}-([0-9a-fA-F])[0-9a-fA-F]{3}-[0-9a-fA-F]{12}");
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
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(number(m, 1), number(m, 2), number(m, 3));
            int hour = number(m, 4);
            int minute = number(m, 5);
            int second = number(m, 6);
            if (hour > 23 || minute > 59 || second > 60) {
                return null;
            }
            String fraction = m.group(7) == null ? "" : m.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            // A leap second (:60) is the instant after :59 of the same minute.
            return date.atStartOfDay().toInstant(ZoneOffset.UTC)
                    .plusSeconds(hour * 3600L + minute * 60L + second).plusNanos(nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int number(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
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
        Matcher m = TIMESTAMP.matcher(text);
        return m.matches() && m.group(7) != null && m.group(7).length() >= 3;
    }

    /** Null when {@code name} is a valid STIX type name, else what is wrong. */
    static String typeNameProblem(String name) {
        if (name.length() < 3 || name.length() > 250) {
            return "a type name is 3 to 250 characters long, found " + name.length();
        }
        if (!TYPE_NAME.matcher(name).matches()) {
            return "a type name contains only a-z, 0-9 and single hyphens and starts with a letter";
        }
        return null;
    }

    /** The parts of a valid identifier, or null; {@link #identifierProblem} says why not. */
    static Identifier identifier(String text) {
        return identifierProblem(text) == null ? parts(text) : null;
    }

    private static Identifier parts(String text) {
        Matcher m = IDENTIFIER.matcher(text);
        if (!m.matches()) {
            return null;
        }
        Matcher u = UUID.matcher(m.group(2));
        return new Identifier(m.group(1), m.group(2), u.matches() ? Character.digit(u.group(1).charAt(0), 16) : -1);
    }

    /** Null when {@code text} is {@code <type>--<RFC 4122 UUID>}, else what is wrong. */
    static String identifierProblem(String text) {
        Matcher m = IDENTIFIER.matcher(text);
        if (!m.matches()) {
            return "an identifier has the form <type>--<UUID>";
        }
        String typeProblem = typeNameProblem(m.group(1));
        if (typeProblem != null) {
            return "its type part '" + m.group(1) + "' is not a type name (" + typeProblem + ")";
        }
        Matcher u = UUID.matcher(m.group(2));
        if (!u.matches()) {
            return "'" + m.group(2) + "' is not a UUID (8-4-4-4-12 hexadecimal digits)";
        }
        int version = Character.digit(u.group(1).charAt(0), 16);
        if (version < 1 || version > 5) {
            return "UUID version " + version + " is not an RFC 4122 version (1 to 5)";
        }
        if ("89abAB".indexOf(u.group(2).charAt(0)) < 0) {
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
