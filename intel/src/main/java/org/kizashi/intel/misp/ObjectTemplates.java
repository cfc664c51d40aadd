package org.kizashi.intel.misp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MISP object templates this importer maps: one observation (comparisons joined with AND) for an indicator, and
 * the SCOs for observed-data, as MISP's converter builds them. Attributes a template has no STIX property for
 * are returned as left-overs (the caller keeps them in a note and warns), never dropped.
 */
final class ObjectTemplates {
    /** One attribute of a MISP object. */
    record ObjectAttribute(String uuid, String relation, String type, String value, String pointer) {
    }

    /** What a template made of an object. */
    static final class Mapped {
        final Observation observation = new Observation();
        final Observables observables = new Observables();
        final List<ObjectAttribute> leftOvers = new ArrayList<>();
    }

    @FunctionalInterface
    private interface Template {
        void map(String objectUuid, List<ObjectAttribute> attributes, Mapped into);
    }

    /** Parts of a URL a url object repeats beside it: the url SCO and comparison already hold them. */
    private static final Set<String> URL_PARTS = Set.of("domain", "host", "scheme", "resource_path",
            "query_string", "port", "subdomain", "tld", "domain_without_tld", "fragment", "credential");

    private static final Map<String, Template> TEMPLATES = Map.of(
            "file", ObjectTemplates::file,
            "domain-ip", ObjectTemplates::domainIp,
            "ip-port", ObjectTemplates::ipPort,
            "url", ObjectTemplates::url,
            "email", ObjectTemplates::email);

    private ObjectTemplates() {
    }

    static boolean has(String template) {
        return TEMPLATES.containsKey(template);
    }

    /** The template's conversion of an object; its observation is empty when nothing in it could be mapped. */
    static Mapped map(String template, String objectUuid, List<ObjectAttribute> attributes) {
        Mapped mapped = new Mapped();
        TEMPLATES.get(template).map(objectUuid, attributes, mapped);
        return mapped;
    }

    private static void file(String objectUuid, List<ObjectAttribute> attributes, Mapped into) {
        ObjectNode file = into.observables.add("file", objectUuid);
        for (ObjectAttribute a : attributes) {
            String algorithm = AttributeTypes.HASHES.get(a.relation());
            if (a.relation().equals("filename") && !file.has("name")) {
                file.put("name", a.value());
                into.observation.compare("file:name", a.value());
            } else if (algorithm != null && !file.path("hashes").has(algorithm)) {
                (file.has("hashes") ? (ObjectNode) file.get("hashes") : file.putObject("hashes"))
                        .put(algorithm, a.value());
                into.observation.compare("file:hashes." + Stix.property(algorithm), a.value());
            } else if (a.relation().equals("size-in-bytes") && !file.has("size") && isNumber(a.value())) {
                long size = AttributeTypes.number(a.value(), "a size", Long.MAX_VALUE);
                file.put("size", size);
                into.observation.compare("file:size", size);
            } else if (a.relation().equals("mimetype") && !file.has("mime_type")) {
                file.put("mime_type", a.value());
                into.observation.compare("file:mime_type", a.value());
            } else {
                into.leftOvers.add(a);
            }
        }
    }

    private static void domainIp(String objectUuid, List<ObjectAttribute> attributes, Mapped into) {
        ObjectAttribute domain = null;
        List<ObjectAttribute> addresses = new ArrayList<>();
        for (ObjectAttribute a : attributes) {
            switch (a.relation()) {
                case "domain", "hostname" -> {
                    if (domain == null) {
                        domain = a;
                    } else {
                        into.leftOvers.add(a); // one domain-name has one value
                    }
                }
                case "ip", "ip-dst", "ip-src" -> addresses.add(a);
                default -> into.leftOvers.add(a);
            }
        }
        if (domain == null) {
            into.leftOvers.addAll(addresses);
            return;
        }
        ObjectNode name = into.observables.add("domain-name", objectUuid).put("value", domain.value());
        into.observation.compare("domain-name:value", domain.value());
        if (!addresses.isEmpty()) {
            ArrayNode resolvesTo = name.putArray("resolves_to_refs");
            for (ObjectAttribute address : addresses) {
                resolvesTo.add(into.observables.ipAddress(address.value(), address.uuid()));
                into.observation.compare("domain-name:resolves_to_refs[*].value", address.value());
            }
        }
    }

    private static void ipPort(String objectUuid, List<ObjectAttribute> attributes, Mapped into) {
        ObjectNode traffic = into.observables.add("network-traffic", objectUuid);
        for (ObjectAttribute a : attributes) {
            String side = switch (a.relation()) {
                case "ip", "ip-dst" -> "dst";
                case "ip-src" -> "src";
                default -> null;
            };
            if (side != null && !traffic.has(side + "_ref")) {
                traffic.put(side + "_ref", into.observables.ipAddress(a.value(), a.uuid()));
                into.observation.compare("network-traffic:" + side + "_ref.type", AttributeTypes.ipType(a.value()))
                        .compare("network-traffic:" + side + "_ref.value", a.value());
            } else if ((a.relation().equals("dst-port") || a.relation().equals("src-port"))
                    && !traffic.has(a.relation().substring(0, 3) + "_port") && isPort(a.value())) {
                String property = a.relation().substring(0, 3) + "_port";
                traffic.put(property, AttributeTypes.port(a.value()));
                into.observation.compare("network-traffic:" + property, AttributeTypes.port(a.value()));
            } else if (a.relation().equals("protocol")) {
                String protocol = a.value().trim().toLowerCase(Locale.ROOT);
                (traffic.has("protocols") ? (ArrayNode) traffic.get("protocols") : traffic.putArray("protocols"))
                        .add(protocol);
                into.observation.compare("network-traffic:protocols[*]", protocol);
            } else {
                into.leftOvers.add(a);
            }
        }
        if (!traffic.has("protocols")) {
            traffic.putArray("protocols").add("tcp"); // required by STIX; MISP's converter writes tcp
        }
    }

    private static void url(String objectUuid, List<ObjectAttribute> attributes, Mapped into) {
        ObjectAttribute url = attributes.stream().filter(a -> a.relation().equals("url")).findFirst().orElse(null);
        for (ObjectAttribute a : attributes) {
            if (a == url) {
                into.observables.add("url", objectUuid).put("value", a.value());
                into.observation.compare("url:value", a.value());
            } else if (url == null || !URL_PARTS.contains(a.relation())) {
                into.leftOvers.add(a);
            }
        }
    }

    private static void email(String objectUuid, List<ObjectAttribute> attributes, Mapped into) {
        ObjectNode message = into.observables.add("email-message", objectUuid);
        boolean multipart = attributes.stream().anyMatch(a -> a.relation().equals("attachment"));
        message.put("is_multipart", multipart);
        for (ObjectAttribute a : attributes) {
            switch (a.relation()) {
                case "from" -> address(message, "from_ref", false, a, into);
                case "to" -> address(message, "to_refs", true, a, into);
                case "cc" -> address(message, "cc_refs", true, a, into);
                case "subject" -> single(message, "subject", a, into);
                case "message-id" -> single(message, "message_id", a, into);
                case "reply-to" -> header(message, "Reply-To", a, into);
                case "x-mailer" -> header(message, "X-Mailer", a, into);
                case "email-body" -> {
                    if (multipart) {
                        into.leftOvers.add(a); // a multipart message has no body of its own
                    } else {
                        single(message, "body", a, into);
                    }
                }
                case "attachment" -> {
                    ObjectNode file = into.observables.add("file", a.uuid()).put("name", a.value());
                    (message.has("body_multipart") ? (ArrayNode) message.get("body_multipart")
                            : message.putArray("body_multipart")).addObject()
                            .put("body_raw_ref", file.get("id").textValue())
                            .put("content_disposition", "attachment");
                    into.observation.compare("email-message:body_multipart[*].body_raw_ref.name", a.value());
                }
                default -> into.leftOvers.add(a);
            }
        }
    }

    private static void address(ObjectNode message, String property, boolean list, ObjectAttribute a,
                                Mapped into) {
        if (!list && message.has(property)) {
            into.leftOvers.add(a);
            return;
        }
        String id = into.observables.add("email-addr", a.uuid()).put("value", a.value()).get("id").textValue();
        if (list) {
            (message.has(property) ? (ArrayNode) message.get(property) : message.putArray(property)).add(id);
        } else {
            message.put(property, id);
        }
        into.observation.compare("email-message:" + property + (list ? "[*]" : "") + ".value", a.value());
    }

    private static void single(ObjectNode message, String property, ObjectAttribute a, Mapped into) {
        if (message.has(property)) {
            into.leftOvers.add(a);
            return;
        }
        message.put(property, a.value());
        into.observation.compare("email-message:" + property, a.value());
    }

    private static void header(ObjectNode message, String field, ObjectAttribute a, Mapped into) {
        ObjectNode headers = message.has("additional_header_fields")
                ? (ObjectNode) message.get("additional_header_fields") : message.putObject("additional_header_fields");
        if (headers.has(field)) {
            into.leftOvers.add(a);
            return;
        }
        headers.put(field, a.value());
        into.observation.compare("email-message:additional_header_fields." + Stix.property(field), a.value());
    }

    private static boolean isNumber(String text) {
        return text.trim().matches("[0-9]{1,18}");
    }

    private static boolean isPort(String text) {
        return isNumber(text) && Long.parseLong(text.trim()) <= 65535;
    }
}
