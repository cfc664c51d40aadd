package org.kizashi.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.kizashi.intel.stix.StixProblem.Code;

/** The value rules of STIX 2.1 properties (section 2, "Data Types", and the formats of observable values). */
final class Rules {
    private Rules() {
    }

    /** The JSON type and value of a node, for messages: string 'abc', integer 3, an object. */
    static String describe(JsonNode value) {
        if (value.isTextual()) {
            String text = value.textValue();
            return "string '" + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + "'";
        }
        if (value.isIntegralNumber()) {
            return "integer " + value.asText();
        }
        if (value.isNumber()) {
            return "number " + value.asText();
        }
        if (value.isBoolean()) {
            return "boolean " + value.asText();
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "an object";
        }
        return "null";
    }

    static ValueRule string() {
        return (value, path, out) -> {
            if (!value.isTextual()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be a string, found " + describe(value));
            }
        };
    }

    /** A string further checked by {@code problem}, which returns null when the text is well formed. */
    static ValueRule formatted(String what, Function<String, String> problem) {
        return (value, path, out) -> {
            if (!value.isTextual()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be " + what + " (a string), found "
                        + describe(value));
                return;
            }
            String wrong = problem.apply(value.textValue());
            if (wrong != null) {
                out.error(path, Code.FORMAT, Checker.label(path) + " must be " + what + ", found "
                        + describe(value) + ": " + wrong);
            }
        };
    }

    /**
     * An observable's value (address, domain, URL): well formed unless the object says it was defanged, in which
     * case the value is deliberately broken (e.g. hxxp://example[.]com) and its format is not checked.
     */
    static ValueRule observableValue(String what, Function<String, String> problem) {
        ValueRule formatted = formatted(what, problem);
        ValueRule plain = string();
        return (value, path, out) -> {
            boolean defanged = out.root().path("defanged").asBoolean(false);
            (defanged ? plain : formatted).check(value, path, out);
        };
    }

    static ValueRule bool() {
        return (value, path, out) -> {
            if (!value.isBoolean()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be a boolean (true or false), found "
                        + describe(value));
            }
        };
    }

    static ValueRule integer() {
        return integer(null, null);
    }

    static ValueRule nonNegativeInteger() {
        return integer(0L, null);
    }

    /** A JSON integer within [min, max]; a null bound is open. */
    static ValueRule integer(Long min, Long max) {
        return (value, path, out) -> {
            if (!value.isIntegralNumber()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be an integer, found " + describe(value));
                return;
            }
            BigInteger n = value.bigIntegerValue();
            if ((min != null && n.compareTo(BigInteger.valueOf(min)) < 0)
                    || (max != null && n.compareTo(BigInteger.valueOf(max)) > 0)) {
                out.error(path, Code.RANGE, Checker.label(path) + " must be " + bounds(min, max) + ", found " + n);
            }
        };
    }

    /** A JSON number (integer or float) within [min, max]. */
    static ValueRule number(double min, double max) {
        return (value, path, out) -> {
            if (!value.isNumber()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be a number, found " + describe(value));
                return;
            }
            double n = value.doubleValue();
            if (n < min || n > max) {
                out.error(path, Code.RANGE, Checker.label(path) + " must be between " + plain(min) + " and "
                        + plain(max) + ", found " + value.asText());
            }
        };
    }

    static ValueRule number() {
        return number(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    private static String bounds(Long min, Long max) {
        if (min != null && max != null) {
            return "between " + min + " and " + max;
        }
        return min != null ? "at least " + min : "at most " + max;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static ValueRule timestamp() {
        return timestamp(false);
    }

    /** A timestamp precise to the millisecond, as created and modified must be. */
    static ValueRule timestampMillis() {
        return timestamp(true);
    }

    private static ValueRule timestamp(boolean millis) {
        return (value, path, out) -> {
            if (!value.isTextual()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be a timestamp string "
                        + StixFormats.TIMESTAMP_FORM + ", found " + describe(value));
                return;
            }
            String problem = StixFormats.timestampProblem(value.textValue());
            if (problem != null) {
                out.error(path, Code.TIMESTAMP, Checker.label(path) + " must be a STIX timestamp, found "
                        + describe(value) + ": " + problem);
            } else if (millis && !StixFormats.hasMilliseconds(value.textValue())) {
                out.error(path, Code.TIMESTAMP, Checker.label(path)
                        + " must be precise to the millisecond (at least three fractional digits, e.g. "
                        + "2016-05-12T08:17:27.000Z), found " + describe(value));
            }
        };
    }

    /** An identifier of an object of one of the {@code targets}. */
    static ValueRule ref(Targets targets) {
        return (value, path, out) -> {
            if (!value.isTextual()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be an identifier string referencing "
                        + targets.description() + ", found " + describe(value));
                return;
            }
            String problem = StixFormats.identifierProblem(value.textValue());
            if (problem != null) {
                out.error(path, Code.IDENTIFIER, Checker.label(path) + " must be an identifier <type>--<UUID>, found "
                        + describe(value) + ": " + problem);
                return;
            }
            String type = StixFormats.identifier(value.textValue()).type();
            if (!targets.accepts().test(type)) {
                out.error(path, Code.REFERENCE, Checker.label(path) + " must reference " + targets.description()
                        + ", found a reference to " + Shape.article(type) + " " + type + " ('" + value.textValue() + "')");
            }
        };
    }

    static ValueRule refs(Targets targets) {
        return list(ref(targets));
    }

    /** A non-empty list (STIX 2.1 forbids empty lists) whose items follow {@code item}. */
    static ValueRule list(ValueRule item) {
        return (value, path, out) -> {
            if (!value.isArray()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be a list, found " + describe(value));
                return;
            }
            if (value.isEmpty()) {
                out.error(path, Code.RANGE, Checker.label(path)
                        + " is an empty list; STIX forbids empty lists (omit an optional property instead)");
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                String elementPath = Checker.child(path, i);
                if (element.isNull()) {
                    out.error(elementPath, Code.TYPE, Checker.label(elementPath) + " is null; lists hold values");
                } else {
                    item.check(element, elementPath, out);
                }
            }
        };
    }

    static ValueRule strings() {
        return list(string());
    }

    /** A value of a closed enumeration: anything else is an error. */
    static ValueRule enumeration(Vocabulary vocabulary) {
        return (value, path, out) -> {
            if (!value.isTextual()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be a string of " + vocabulary.name()
                        + ", found " + describe(value));
            } else if (!vocabulary.contains(value.textValue())) {
                out.error(path, Code.ENUMERATION, Checker.label(path) + " must be one of " + vocabulary.listed()
                        + " (" + vocabulary.name() + "), found " + describe(value));
            }
        };
    }

    /** A value of an open vocabulary: other values are allowed, so they are only a warning. */
    static ValueRule vocabulary(Vocabulary vocabulary) {
        return (value, path, out) -> {
            if (!value.isTextual()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be a string (" + vocabulary.name()
                        + "), found " + describe(value));
            } else if (!vocabulary.contains(value.textValue())) {
                out.warn(path, Code.BEST_PRACTICE, Checker.label(path) + " is " + describe(value)
                        + ", which is not in the open vocabulary " + vocabulary.name()
                        + "; values should come from it where one fits (" + vocabulary.listed() + ")");
            }
        };
    }

    static ValueRule vocabularies(Vocabulary vocabulary) {
        return list(vocabulary(vocabulary));
    }

    /** A nested object of a known shape, e.g. an external reference. */
    static ValueRule object(Shape shape) {
        return (value, path, out) -> {
            if (!value.isObject()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be an object (" + shape.name()
                        + "), found " + describe(value));
                return;
            }
            shape.check(value, path, out, Shape.Unknown.WARN);
        };
    }

    /**
     * A STIX dictionary: a non-empty JSON object whose keys are ASCII letters, digits, '-' and '_' (at most 250)
     * and whose values are not null; {@code entry} checks each value.
     */
    static ValueRule dictionary(ValueRule entry) {
        return (value, path, out) -> {
            if (!value.isObject()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be a dictionary (a JSON object), found "
                        + describe(value));
                return;
            }
            if (value.isEmpty()) {
                out.error(path, Code.RANGE, Checker.label(path) + " is an empty dictionary; it needs at least one key");
                return;
            }
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String entryPath = Checker.child(path, field.getKey());
                if (!StixFormats.isDictionaryKey(field.getKey())) {
                    out.error(entryPath, Code.FORMAT, "dictionary key '" + field.getKey() + "' in "
                            + Checker.label(path) + " must be 1 to 250 ASCII letters, digits, '-' or '_'");
                }
                if (field.getValue().isNull()) {
                    out.error(entryPath, Code.TYPE, Checker.label(entryPath) + " is null; omit the key instead");
                } else {
                    entry.check(field.getValue(), entryPath, out);
                }
            }
        };
    }

    static ValueRule dictionary() {
        return dictionary(ValueRule.ANYTHING);
    }

    static ValueRule hex() {
        return formatted("hex (an even number of hexadecimal digits)", s -> StixFormats.isHex(s)
                ? null : "not pairs of hexadecimal digits");
    }

    static ValueRule binary() {
        return formatted("binary (base64, RFC 4648)", s -> StixFormats.isBase64(s) ? null : "not base64 text");
    }

    static ValueRule url() {
        return formatted("a URL", StixFormats::urlProblem);
    }

    static ValueRule languageTag() {
        return formatted("a language tag (RFC 5646, e.g. 'en' or 'ja')", s -> StixFormats.isLanguageTag(s)
                ? null : "not a language tag");
    }

    /** spec_version of a 2.1 object. */
    static ValueRule specVersion() {
        return (value, path, out) -> {
            if (!value.isTextual()) {
                out.error(path, Code.TYPE, "spec_version must be the string '2.1', found " + describe(value));
            } else if (!value.textValue().equals("2.1")) {
                out.error(path, Code.ENUMERATION, "spec_version must be '2.1' for a STIX 2.1 object, found "
                        + describe(value));
            }
        };
    }

    /** The hashes type: hash algorithm names to hash values, checked for the algorithms of hashing-algorithm-ov. */
    static ValueRule hashes() {
        ValueRule entries = (value, path, out) -> {
            String key = path.substring(path.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
            if (!value.isTextual()) {
                out.error(path, Code.TYPE, "hash " + Checker.label(path) + " must be a string, found "
                        + describe(value));
                return;
            }
            String algorithm = knownAlgorithm(key);
            if (algorithm == null) {
                if (key.length() < 3 || key.length() > 250) {
                    out.error(path, Code.FORMAT, "custom hash algorithm name '" + key
                            + "' must be 3 to 250 characters long");
                }
                return;
            }
            if (!algorithm.equals(key)) {
                out.warn(path, Code.BEST_PRACTICE, "hash algorithm '" + key + "' should be written '" + algorithm
                        + "' as in hashing-algorithm-ov");
            }
            String problem = hashValueProblem(algorithm, value.textValue());
            if (problem != null) {
                out.error(path, Code.FORMAT, "the " + algorithm + " hash " + Checker.label(path) + " must be "
                        + problem + ", found " + describe(value));
            }
        };
        return dictionary(entries);
    }

    /** The hashing-algorithm-ov name {@code key} stands for, ignoring case and '-', or null. */
    static String knownAlgorithm(String key) {
        String folded = key.replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
        for (String algorithm : Vocabulary.HASHING_ALGORITHM.values()) {
            if (algorithm.replace("-", "").equals(folded)) {
                return algorithm;
            }
        }
        return null;
    }

    /** Null when {@code value} is a well-formed hash of {@code algorithm}, else the expected form. */
    static String hashValueProblem(String algorithm, String value) {
        int hexDigits = switch (algorithm) {
            case "MD5" -> 32;
            case "SHA-1" -> 40;
            case "SHA-256", "SHA3-256" -> 64;
            case "SHA-512", "SHA3-512" -> 128;
            default -> 0;
        };
        if (hexDigits > 0) {
            return value.length() == hexDigits && StixFormats.isHex(value)
                    ? null : hexDigits + " hexadecimal digits";
        }
        if (algorithm.equals("SSDEEP")) {
            return value.matches("[0-9]+:[A-Za-z0-9/+]+:[A-Za-z0-9/+]+") ? null
                    : "an ssdeep digest blocksize:hash:hash";
        }
        // TLSH: 70 hexadecimal digits, or 72 with the "T1" version prefix of current TLSH releases.
        return value.matches("(?:T1)?[0-9A-Fa-f]{70}") ? null : "a TLSH digest (70 hexadecimal digits, optionally after 'T1')";
    }
}
