package org.kizashi.intel.misp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of MISP attribute types this importer maps: for each, how its value splits, the comparisons of its
 * indicator pattern (to_ids true) and the SCOs of its observed-data (to_ids false). Object paths follow MISP's
 * own MISP-to-STIX 2.1 converter (misp-stix); integer properties get integer literals.
 */
final class AttributeTypes {
    /** What an attribute type becomes. */
    enum Kind {
        /** An indicator with a STIX pattern, or observed-data with SCOs (a note when it has no SCO form). */
        OBSERVABLE,
        /** Free text (text, comment, other): a note. */
        TEXT,
        /** An indicator in another pattern language (snort, yara, sigma), whatever to_ids says. */
        SIGNATURE,
        /** A vulnerability SDO. */
        VULNERABILITY,
        /** A campaign SDO. */
        CAMPAIGN
    }

    /** How a composite value "a|b" splits: filenames may hold '|', hashes never do. */
    enum Split { NONE, AT_FIRST_BAR, AT_LAST_BAR }

    @FunctionalInterface
    interface PatternRule {
        /** @throws IllegalArgumentException when a part is not what the type says (a port that is no number) */
        void add(List<String> parts, Observation into);
    }

    @FunctionalInterface
    interface ObservableRule {
        /** @throws IllegalArgumentException when a part is not what the type says */
        void add(List<String> parts, String mispUuid, Observables into);
    }

    /**
     * One row of the table.
     *
     * @param observables null when the type has no SCO form (user-agent, port...): observed, it becomes a note
     */
    record AttributeType(String name, Kind kind, Split split, PatternRule pattern, ObservableRule observables) {
        /** The value's parts, or null when a composite value lacks its '|'. */
        List<String> parts(String value) {
            if (split == Split.NONE) {
                return List.of(value);
            }
            int bar = split == Split.AT_FIRST_BAR ? value.indexOf('|') : value.lastIndexOf('|');
            return bar < 0 ? null : List.of(value.substring(0, bar), value.substring(bar + 1));
        }
    }

    /** MISP hash types and their names in STIX hashes (hashing-algorithm-ov where it has them). */
    static final Map<String, String> HASHES = orderedMap(
            "md5", "MD5", "sha1", "SHA-1", "sha224", "SHA-224", "sha256", "SHA-256", "sha384", "SHA-384",
            "sha512", "SHA-512", "sha3-224", "SHA3-224", "sha3-256", "SHA3-256", "sha3-384", "SHA3-384",
            "sha3-512", "SHA3-512", "ssdeep", "SSDEEP", "tlsh", "TLSH");

    private static final Map<String, AttributeType> TYPES = new LinkedHashMap<>();

    static {
        for (String side : List.of("src", "dst")) {
            observable("ip-" + side, Split.NONE,
                    (v, p) -> ipPattern(side, v.get(0), p),
                    (v, uuid, o) -> traffic(side, v.get(0), null, uuid, o));
            observable("ip-" + side + "|port", Split.AT_LAST_BAR,
                    (v, p) -> ipPattern(side, v.get(0), p).compare("network-traffic:" + side + "_port", port(v.get(1))),
                    (v, uuid, o) -> traffic(side, v.get(0), port(v.get(1)), uuid, o));
        }
        observable("hostname|port", Split.AT_LAST_BAR,
                (v, p) -> p.compare("network-traffic:dst_ref.type", "domain-name")
                        .compare("network-traffic:dst_ref.value", v.get(0))
                        .compare("network-traffic:dst_port", port(v.get(1))),
                (v, uuid, o) -> {
                    ObjectNode traffic = o.add("network-traffic", uuid);
                    ObjectNode domain = o.add("domain-name", uuid).put("value", v.get(0));
                    traffic.put("dst_ref", domain.get("id").textValue()).put("dst_port", port(v.get(1)));
                    traffic.putArray("protocols").add("tcp");
                });
        for (String type : List.of("domain", "hostname")) {
            observable(type, Split.NONE,
                    (v, p) -> p.compare("domain-name:value", v.get(0)),
                    (v, uuid, o) -> o.add("domain-name", uuid).put("value", v.get(0)));
        }
        observable("domain|ip", Split.AT_FIRST_BAR,
                (v, p) -> p.compare("domain-name:value", v.get(0))
                        .compare("domain-name:resolves_to_refs[*].value", v.get(1)),
                (v, uuid, o) -> {
                    ObjectNode domain = o.add("domain-name", uuid).put("value", v.get(0));
                    domain.putArray("resolves_to_refs").add(o.ipAddress(v.get(1), uuid));
                });
        for (String type : List.of("url", "link", "uri")) {
            observable(type, Split.NONE,
                    (v, p) -> p.compare("url:value", v.get(0)),
                    (v, uuid, o) -> o.add("url", uuid).put("value", v.get(0)));
        }
        observable("email", Split.NONE,
                (v, p) -> p.compare("email-addr:value", v.get(0)),
                (v, uuid, o) -> o.add("email-addr", uuid).put("value", v.get(0)));
        observable("email-src", Split.NONE,
                (v, p) -> p.compare("email-message:from_ref.value", v.get(0)),
                (v, uuid, o) -> {
                    String address = o.add("email-addr", uuid).put("value", v.get(0)).get("id").textValue();
                    email(uuid, o).put("from_ref", address);
                });
        observable("email-dst", Split.NONE,
                (v, p) -> p.compare("email-message:to_refs[*].value", v.get(0)),
                (v, uuid, o) -> {
                    String address = o.add("email-addr", uuid).put("value", v.get(0)).get("id").textValue();
                    email(uuid, o).putArray("to_refs").add(address);
                });
        observable("email-subject", Split.NONE,
                (v, p) -> p.compare("email-message:subject", v.get(0)),
                (v, uuid, o) -> email(uuid, o).put("subject", v.get(0)));
        observable("email-message-id", Split.NONE,
                (v, p) -> p.compare("email-message:message_id", v.get(0)),
                (v, uuid, o) -> email(uuid, o).put("message_id", v.get(0)));
        observable("email-body", Split.NONE,
                (v, p) -> p.compare("email-message:body", v.get(0)),
                (v, uuid, o) -> email(uuid, o).put("body", v.get(0)));
        observable("email-reply-to", Split.NONE,
                (v, p) -> p.compare("email-message:additional_header_fields.'Reply-To'", v.get(0)),
                (v, uuid, o) -> email(uuid, o).putObject("additional_header_fields").put("Reply-To", v.get(0)));
        observable("email-x-mailer", Split.NONE,
                (v, p) -> p.compare("email-message:additional_header_fields.'X-Mailer'", v.get(0)),
                (v, uuid, o) -> email(uuid, o).putObject("additional_header_fields").put("X-Mailer", v.get(0)));
        observable("email-attachment", Split.NONE,
                (v, p) -> p.compare("email-message:body_multipart[*].body_raw_ref.name", v.get(0)),
                (v, uuid, o) -> attachment(v.get(0), uuid, o));
        observable("filename", Split.NONE,
                (v, p) -> p.compare("file:name", v.get(0)),
                (v, uuid, o) -> o.add("file", uuid).put("name", v.get(0)));
        for (Map.Entry<String, String> hash : HASHES.entrySet()) {
            String path = "file:hashes." + Stix.property(hash.getValue());
            observable(hash.getKey(), Split.NONE,
                    (v, p) -> p.compare(path, v.get(0)),
                    (v, uuid, o) -> o.add("file", uuid).putObject("hashes").put(hash.getValue(), v.get(0)));
            observable("filename|" + hash.getKey(), Split.AT_LAST_BAR,
                    (v, p) -> p.compare("file:name", v.get(0)).compare(path, v.get(1)),
                    (v, uuid, o) -> o.add("file", uuid).put("name", v.get(0))
                            .putObject("hashes").put(hash.getValue(), v.get(1)));
        }
        observable("size-in-bytes", Split.NONE,
                (v, p) -> p.compare("file:size", number(v.get(0), "a size in bytes", Long.MAX_VALUE)), null);
        for (Map.Entry<String, String> hash : Map.of("x509-fingerprint-md5", "MD5", "x509-fingerprint-sha1",
                "SHA-1", "x509-fingerprint-sha256", "SHA-256").entrySet()) {
            observable(hash.getKey(), Split.NONE,
                    (v, p) -> p.compare("x509-certificate:hashes." + Stix.property(hash.getValue()), v.get(0)),
                    (v, uuid, o) -> o.add("x509-certificate", uuid).putObject("hashes")
                            .put(hash.getValue(), v.get(0)));
        }
        observable("mutex", Split.NONE,
                (v, p) -> p.compare("mutex:name", v.get(0)),
                (v, uuid, o) -> o.add("mutex", uuid).put("name", v.get(0)));
        observable("regkey", Split.NONE,
                (v, p) -> p.compare("windows-registry-key:key", v.get(0)),
                (v, uuid, o) -> o.add("windows-registry-key", uuid).put("key", v.get(0)));
        observable("regkey|value", Split.AT_FIRST_BAR,
                (v, p) -> p.compare("windows-registry-key:key", v.get(0))
                        .compare("windows-registry-key:values[*].data", v.get(1)),
                (v, uuid, o) -> o.add("windows-registry-key", uuid).put("key", v.get(0))
                        .putArray("values").addObject().put("data", v.get(1)));
        observable("AS", Split.NONE,
                (v, p) -> p.compare("autonomous-system:number", asNumber(v.get(0))),
                (v, uuid, o) -> o.add("autonomous-system", uuid).put("number", asNumber(v.get(0))));
        observable("mac-address", Split.NONE,
                (v, p) -> p.compare("mac-addr:value", v.get(0).toLowerCase(Locale.ROOT)),
                (v, uuid, o) -> o.add("mac-addr", uuid).put("value", v.get(0).toLowerCase(Locale.ROOT)));
        // No SCO can hold these alone (network-traffic needs an address): observed, they become notes.
        observable("user-agent", Split.NONE, (v, p) -> p.compare(
                "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'", v.get(0)), null);
        observable("http-method", Split.NONE, (v, p) -> p.compare(
                "network-traffic:extensions.'http-request-ext'.request_method", v.get(0)), null);
        observable("port", Split.NONE, (v, p) -> p.compare("network-traffic:dst_port", port(v.get(0))), null);

        for (String type : List.of("text", "comment", "other")) {
            define(new AttributeType(type, Kind.TEXT, Split.NONE, null, null));
        }
        for (String type : List.of("snort", "yara", "sigma")) {
            define(new AttributeType(type, Kind.SIGNATURE, Split.NONE, null, null));
        }
        define(new AttributeType("vulnerability", Kind.VULNERABILITY, Split.NONE, null, null));
        define(new AttributeType("campaign-name", Kind.CAMPAIGN, Split.NONE, null, null));
    }

    private AttributeTypes() {
    }

    /** The row of a MISP type, or null when this importer has no mapping for it. */
    static AttributeType get(String mispType) {
        return TYPES.get(mispType);
    }

    /** Every mapped MISP type, in table order. */
    static List<String> names() {
        return List.copyOf(TYPES.keySet());
    }

    static String ipType(String value) {
        return value.indexOf(':') >= 0 ? "ipv6-addr" : "ipv4-addr";
    }

    static long port(String text) {
        return number(text, "a port number", 65535);
    }

    /** "AS2914", "as2914" or "2914". */
    static long asNumber(String text) {
        String trimmed = text.trim();
        String digits = trimmed.regionMatches(true, 0, "AS", 0, 2) ? trimmed.substring(2) : trimmed;
        return number(digits, "an autonomous system number", 4_294_967_295L);
    }

    static long number(String text, String what, long max) {
        String trimmed = text.trim();
        if (!trimmed.matches("[0-9]{1,18}") || Long.parseLong(trimmed) > max) {
            throw new IllegalArgumentException("'" + text + "' is not " + what + " (0 to " + max + ")");
        }
        return Long.parseLong(trimmed);
    }

    private static Observation ipPattern(String side, String ip, Observation into) {
        return into.compare("network-traffic:" + side + "_ref.type", ipType(ip))
                .compare("network-traffic:" + side + "_ref.value", ip);
    }

    private static void traffic(String side, String ip, Long port, String uuid, Observables into) {
        ObjectNode traffic = into.add("network-traffic", uuid);
        traffic.put(side + "_ref", into.ipAddress(ip, uuid));
        if (port != null) {
            traffic.put(side + "_port", port.longValue());
        }
        // STIX requires protocols and MISP does not say; MISP's converter writes tcp.
        traffic.putArray("protocols").add("tcp");
    }

    private static ObjectNode email(String uuid, Observables into) {
        return into.add("email-message", uuid).put("is_multipart", false);
    }

    private static void attachment(String name, String uuid, Observables into) {
        ObjectNode file = into.add("file", uuid).put("name", name);
        ObjectNode message = into.add("email-message", uuid).put("is_multipart", true);
        message.putArray("body_multipart").addObject()
                .put("body_raw_ref", file.get("id").textValue())
                .put("content_disposition", "attachment; filename=\"" + name.replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\"");
    }

    private static void observable(String name, Split split, PatternRule pattern, ObservableRule observables) {
        define(new AttributeType(name, Kind.OBSERVABLE, split, pattern, observables));
    }

    private static void define(AttributeType type) {
        TYPES.put(type.name(), type);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
