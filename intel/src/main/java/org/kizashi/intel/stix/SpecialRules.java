package org.kizashi.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import org.kizashi.intel.stix.Shape.Constraint;
import org.kizashi.intel.stix.StixProblem.Code;

/** The rules of single object types that do not fit a property table: markings, patterns, locations... */
final class SpecialRules {
    private SpecialRules() {
    }

    /** The TLP 1.0 marking-definitions of STIX 2.1 section 7.2.1.4: the only TLP objects allowed, by id. */
    static final Map<String, String> TLP_1 = Map.of(
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "white",
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "green",
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "amber",
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red");
    static final String TLP_1_CREATED = "2017-01-20T00:00:00.000Z";

    /** The TLP 2.0 marking-definitions published by OASIS (cti-stix-common-objects), by id. */
    static final Map<String, String> TLP_2 = Map.of(
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear",
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "green",
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "amber",
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "amber+strict",
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "red");
    static final String TLP_2_CREATED = "2022-10-01T00:00:00.000Z";

    /** Exactly one of two properties is present (granular markings: marking_ref or lang). */
    static Constraint exactlyOneOf(String first, String second) {
        return (object, path, out) -> {
            if (object.has(first) == object.has(second)) {
                out.error(path, Code.REQUIRED, "exactly one of " + first + " and " + second + " must be present in "
                        + Checker.label(path) + ", found " + (object.has(first) ? "both" : "neither"));
            }
        };
    }

    /** Each granular marking selector names a property or list item present in the object (section 7.2.3.1). */
    static Constraint granularMarkingSelectors() {
        return (object, path, out) -> {
            JsonNode markings = object.path("granular_markings");
            for (int i = 0; i < markings.size(); i++) {
                JsonNode selectors = markings.path(i).path("selectors");
                for (int j = 0; j < selectors.size(); j++) {
                    JsonNode selector = selectors.get(j);
                    if (selector.isTextual() && !selects(object, selector.textValue())) {
                        out.error(path + "/granular_markings/" + i + "/selectors/" + j, Code.REFERENCE,
                                "selector '" + selector.textValue() + "' does not select a property or list item"
                                        + " present in this object");
                    }
                }
            }
        };
    }

    /** Whether a selector ("description", "external_references.[0].url") resolves in {@code object}. */
    static boolean selects(JsonNode object, String selector) {
        JsonNode node = object;
        for (String token : selector.split("\\.", -1)) {
            if (token.matches("\\[[0-9]{1,9}]")) {
                int index = Integer.parseInt(token.substring(1, token.length() - 1));
                if (!node.isArray() || index >= node.size()) {
                    return false;
                }
                node = node.get(index);
            } else {
                if (!node.isObject() || !node.has(token)) {
                    return false;
                }
                node = node.get(token);
            }
        }
        return true;
    }

    /** An indicator in the STIX patterning language: its pattern is checked by the plugged-in parser. */
    static Constraint stixPattern() {
        return (object, path, out) -> {
            JsonNode pattern = object.get("pattern");
            if (!"stix".equals(object.path("pattern_type").asText()) || pattern == null || !pattern.isTextual()) {
                return;
            }
            String problem;
            try {
                problem = out.patterns().problem(pattern.textValue());
            } catch (RuntimeException e) {
                // A parser crash on one pattern must not stop the validation of the other objects of a bundle.
                problem = "the pattern checker failed: " + e;
            }
            if (problem != null) {
                out.error(path + "/pattern", Code.PATTERN, "pattern '" + pattern.textValue()
                        + "' is not a valid STIX pattern: " + problem);
            }
        };
    }

    /** Common practice for CVE and CAPEC references, as the OASIS validator checks them. */
    static Constraint wellKnownExternalIds() {
        return (object, path, out) -> {
            String source = object.path("source_name").asText("");
            JsonNode id = object.get("external_id");
            if (id == null || !id.isTextual()) {
                return;
            }
            String expected = switch (source) {
                case "cve" -> "CVE-\\d{4}-(?:0\\d{3}|[1-9]\\d{3,})";
                case "capec" -> "CAPEC-\\d+";
                default -> null;
            };
            if (expected != null && !id.textValue().matches(expected)) {
                out.warn(path + "/external_id", Code.BEST_PRACTICE, "a " + source + " external reference should have"
                        + " an external_id like " + (source.equals("cve") ? "CVE-2016-0001" : "CAPEC-163")
                        + ", found '" + id.textValue() + "'");
            }
        };
    }

    /** location: "at least one of region, country, or latitude and longitude MUST be present". */
    static Constraint locationPlace() {
        return (object, path, out) -> {
            if (!object.has("region") && !object.has("country")
                    && !(object.has("latitude") && object.has("longitude"))) {
                out.error(path, Code.REQUIRED, "a location needs at least one of region, country, or latitude and"
                        + " longitude");
            }
        };
    }

    /** country SHOULD be an ISO 3166-1 alpha-2 code. */
    static ValueRule countryCode() {
        ValueRule text = Rules.string();
        return (value, path, out) -> {
            text.check(value, path, out);
            if (value.isTextual() && !value.textValue().matches("[A-Za-z]{2}")) {
                out.warn(path, Code.BEST_PRACTICE, "country should be an ISO 3166-1 alpha-2 code such as 'JP', found "
                        + Rules.describe(value));
            }
        };
    }

    /** malware: name is required when is_family is true. */
    static Constraint malwareFamilyName() {
        return (object, path, out) -> {
            if (object.path("is_family").asBoolean(false) && !object.has("name")) {
                out.error(path + "/name", Code.REQUIRED, "name is required in a malware whose is_family is true,"
                        + " and is missing");
            }
        };
    }

    /** observed-data: object_refs, or the deprecated objects, but not both and not neither. */
    static Constraint observedObjectsOrRefs() {
        return (object, path, out) -> {
            boolean objects = object.has("objects");
            boolean refs = object.has("object_refs");
            if (!objects && !refs) {
                out.error(path + "/object_refs", Code.REQUIRED, "object_refs is required in an observed-data"
                        + " (or the deprecated objects), and is missing");
            } else if (objects && refs) {
                out.error(path + "/objects", Code.REQUIRED, "objects must not be present together with object_refs");
            }
            JsonNode list = object.path("object_refs");
            if (list.isArray() && !list.isEmpty()) {
                boolean anyObservable = false;
                for (JsonNode ref : list) {
                    StixFormats.Identifier id = ref.isTextual() ? StixFormats.identifier(ref.textValue()) : null;
                    StixTypes.Category category = id == null ? null : StixTypes.categoryOf(id.type());
                    anyObservable |= id != null && category != StixTypes.Category.SRO;
                }
                if (!anyObservable) {
                    out.error(path + "/object_refs", Code.REFERENCE, "object_refs of an observed-data must"
                            + " reference at least one SCO, found only relationships");
                }
            }
        };
    }

    /** observed-data objects: deprecated in 2.1; checked only for its outline (observables keyed by local id). */
    static ValueRule deprecatedObservedObjects() {
        ValueRule dictionary = Rules.dictionary((value, path, out) -> {
            if (!value.isObject() || !value.path("type").isTextual()) {
                out.error(path, Code.TYPE, Checker.label(path) + " must be an observable object with a type, found "
                        + Rules.describe(value));
            }
        });
        return (value, path, out) -> {
            out.warn(path, Code.BEST_PRACTICE, "objects is deprecated in STIX 2.1; reference SCOs with object_refs");
            dictionary.check(value, path, out);
        };
    }

    /** A media type (mime_type): SHOULD be an IANA-registered type/subtype. */
    static ValueRule mediaType() {
        ValueRule text = Rules.string();
        return (value, path, out) -> {
            text.check(value, path, out);
            if (value.isTextual() && !value.textValue().matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(?:\\s*;.*)?")) {
                out.warn(path, Code.BEST_PRACTICE, Checker.label(path) + " should be a media type type/subtype"
                        + " (IANA), found " + Rules.describe(value));
            }
        };
    }

    /** network-traffic protocols: SHOULD be lowercase IANA service names (e.g. "tcp", "http"). */
    static ValueRule protocolName() {
        ValueRule text = Rules.string();
        return (value, path, out) -> {
            text.check(value, path, out);
            if (value.isTextual() && !value.textValue().equals(value.textValue().toLowerCase(Locale.ROOT))) {
                out.warn(path, Code.BEST_PRACTICE, "protocol names should be lowercase, found "
                        + Rules.describe(value));
            }
        };
    }

    /** language-content contents: translations (dictionaries) keyed by RFC 5646 language tags. */
    static ValueRule languageContents() {
        ValueRule translations = Rules.dictionary();
        return (value, path, out) -> {
            if (!value.isObject() || value.isEmpty()) {
                out.error(path, value.isObject() ? Code.RANGE : Code.TYPE, "contents must be a non-empty"
                        + " dictionary of translations keyed by language tag, found " + Rules.describe(value)
                        + (value.isObject() ? " without keys" : ""));
                return;
            }
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                String entryPath = Checker.child(path, entry.getKey());
                if (!StixFormats.isLanguageTag(entry.getKey())) {
                    out.error(entryPath, Code.FORMAT, "contents key '" + entry.getKey()
                            + "' must be a language tag (RFC 5646) such as 'ja' or 'en-US'");
                }
                if (entry.getValue().isNull()) {
                    out.error(entryPath, Code.TYPE, Checker.label(entryPath) + " is null; omit the key instead");
                } else {
                    translations.check(entry.getValue(), entryPath, out);
                }
            }
        };
    }

    /** marking-definition definition: an object; for statement markings it holds the statement. */
    static ValueRule markingDefinitionBody() {
        return (value, path, out) -> {
            if (!value.isObject()) {
                out.error(path, Code.TYPE, "definition must be an object, found " + Rules.describe(value));
            }
        };
    }

    /**
     * marking-definition: definition_type and definition unless an extension defines the marking; statement and
     * TLP 1.0 definitions; the TLP 2.0 objects.
     */
    static Constraint markingDefinition() {
        return (object, path, out) -> {
            if (!object.has("extensions")) {
                for (String property : new String[] {"definition_type", "definition"}) {
                    if (!object.has(property)) {
                        out.error(path + "/" + property, Code.REQUIRED, property + " is required in a"
                                + " marking-definition that has no extensions, and is missing");
                    }
                }
            } else if (object.has("definition_type") != object.has("definition")) {
                String missing = object.has("definition_type") ? "definition" : "definition_type";
                out.error(path + "/" + missing, Code.REQUIRED, "definition_type and definition go together in a"
                        + " marking-definition; " + missing + " is missing");
            }
            String type = object.path("definition_type").asText("");
            JsonNode definition = object.path("definition");
            if (type.equals("statement") && definition.isObject()) {
                Shape.of("statement marking").required("statement", Rules.string()).build()
                        .check(definition, path + "/definition", out, Shape.Unknown.WARN);
            }
            tlp1(object, path, out);
            tlp2(object, path, out);
        };
    }

    private static void tlp1(JsonNode object, String path, Checker out) {
        String id = object.path("id").asText("");
        String color = TLP_1.get(id);
        boolean tlp = object.path("definition_type").asText("").equals("tlp");
        if (!tlp) {
            if (color != null && object.has("definition_type")) {
                out.error(path + "/definition_type", Code.ENUMERATION, id + " is the predefined TLP:"
                        + color.toUpperCase(Locale.ROOT) + " marking, so definition_type must be 'tlp', found '"
                        + object.path("definition_type").asText() + "'");
            }
            return;
        }
        if (color == null) {
            out.error(path + "/id", Code.IDENTIFIER, "only the four predefined TLP marking-definitions may have"
                    + " definition_type 'tlp' (STIX 2.1 section 7.2.1.4), and '" + id + "' is not one of them");
            return;
        }
        String label = "TLP:" + color.toUpperCase(Locale.ROOT);
        JsonNode found = object.path("definition").path("tlp");
        if (!found.isTextual() || !found.textValue().equals(color)) {
            out.error(path + "/definition/tlp", Code.ENUMERATION, id + " is the predefined " + label
                    + " marking, so definition.tlp must be '" + color + "', found "
                    + (found.isMissingNode() ? "nothing" : Rules.describe(found)));
        }
        if (object.path("created").isTextual() && !object.path("created").textValue().equals(TLP_1_CREATED)) {
            out.error(path + "/created", Code.ENUMERATION, "the predefined " + label + " marking was created "
                    + TLP_1_CREATED + ", found '" + object.path("created").textValue() + "'");
        }
        if (object.path("name").isTextual() && !object.path("name").textValue().equals(label)) {
            out.error(path + "/name", Code.ENUMERATION, "the predefined " + label + " marking is named '" + label
                    + "', found '" + object.path("name").textValue() + "'");
        }
    }

    private static void tlp2(JsonNode object, String path, Checker out) {
        String id = object.path("id").asText("");
        String level = TLP_2.get(id);
        JsonNode extension = object.path("extensions").path(Extensions.TLP_2_EXTENSION);
        String extensionPath = Checker.child(path + "/extensions", Extensions.TLP_2_EXTENSION);
        if (level == null) {
            if (!extension.isMissingNode()) {
                out.warn(extensionPath, Code.BEST_PRACTICE, "the TLP 2.0 extension is meant for the five TLP 2.0"
                        + " marking-definitions published by OASIS; reference those instead of '" + id + "'");
            }
            return;
        }
        String label = "TLP:" + level.toUpperCase(Locale.ROOT);
        if (extension.isMissingNode()) {
            out.error(path + "/extensions", Code.REQUIRED, id + " is the " + label + " marking of TLP 2.0, which"
                    + " carries the extension " + Extensions.TLP_2_EXTENSION + ", and it is missing");
            return;
        }
        JsonNode found = extension.path("tlp_2_0");
        if (found.isTextual() && Vocabulary.TLP_2_LEVEL.contains(found.textValue())
                && !found.textValue().equals(level)) {
            out.error(extensionPath + "/tlp_2_0", Code.ENUMERATION, id + " is the TLP 2.0 " + label
                    + " marking, so tlp_2_0 must be '" + level + "', found '" + found.textValue() + "'");
        }
        if (object.path("name").isTextual() && !object.path("name").textValue().equals(label)) {
            out.warn(path + "/name", Code.BEST_PRACTICE, "the published TLP 2.0 marking " + id + " is named '"
                    + label + "', found '" + object.path("name").textValue() + "'");
        }
        if (object.path("created").isTextual() && !object.path("created").textValue().equals(TLP_2_CREATED)) {
            out.warn(path + "/created", Code.BEST_PRACTICE, "the published TLP 2.0 marking " + id + " was created "
                    + TLP_2_CREATED + ", found '" + object.path("created").textValue() + "'");
        }
    }

    /** extension-definition: extension_properties only with a toplevel-property-extension. */
    static Constraint toplevelExtensionProperties() {
        return (object, path, out) -> {
            boolean toplevel = false;
            for (JsonNode type : object.path("extension_types")) {
                toplevel |= type.asText().equals("toplevel-property-extension");
            }
            if (object.has("extension_properties") && !toplevel) {
                out.error(path + "/extension_properties", Code.REQUIRED, "extension_properties must only be present"
                        + " when extension_types includes toplevel-property-extension");
            }
        };
    }
}
