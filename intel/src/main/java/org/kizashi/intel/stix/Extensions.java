package org.kizashi.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.kizashi.intel.stix.StixProblem.Code;

/**
 * The {@code extensions} property (STIX 2.1 section 7.3 and the predefined SCO extensions of section 6): keys are
 * extension-definition ids, or (predefined, or deprecated custom) names ending in "-ext".
 */
final class Extensions {
    private Extensions() {
    }

    /** The extension-definition of the OASIS TLP 2.0 markings. */
    static final String TLP_2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    /** Extensions defined by extension-definitions this validator knows, by definition id. */
    private static final Map<String, Shape> KNOWN_DEFINITIONS = Map.of(TLP_2_EXTENSION, Shape.of("TLP 2.0 extension")
            .required("extension_type", Rules.enumeration(Vocabulary.EXTENSION_TYPE))
            .required("tlp_2_0", Rules.enumeration(Vocabulary.TLP_2_LEVEL))
            .build());

    /** The rule of {@code extensions} of an object whose predefined extensions (by name) are {@code predefined}. */
    static ValueRule rule(Map<String, Shape> predefined) {
        return (value, path, out) -> {
            if (!value.isObject()) {
                out.error(path, Code.TYPE, "extensions must be a dictionary of extensions, found "
                        + Rules.describe(value));
                return;
            }
            if (value.isEmpty()) {
                out.error(path, Code.RANGE, "extensions is an empty dictionary; it needs at least one extension");
            }
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                check(entry.getKey(), entry.getValue(), Checker.child(path, entry.getKey()), predefined, out);
            }
        };
    }

    private static void check(String key, JsonNode extension, String path, Map<String, Shape> predefined,
            Checker out) {
        if (!extension.isObject()) {
            out.error(path, Code.TYPE, "extension '" + key + "' must be an object, found "
                    + Rules.describe(extension));
            return;
        }
        if (key.startsWith("extension-definition--")) {
            String problem = StixFormats.identifierProblem(key);
            if (problem != null) {
                out.error(path, Code.IDENTIFIER, "extension key '" + key + "' is not an extension-definition id: "
                        + problem);
                return;
            }
            Shape known = KNOWN_DEFINITIONS.get(key);
            if (known != null) {
                known.check(extension, path, out, Shape.Unknown.WARN);
                return;
            }
            // The definition's schema is not at hand: only extension_type and the naming conventions are checked.
            Shape.of("extension").required("extension_type", Rules.enumeration(Vocabulary.EXTENSION_TYPE)).build()
                    .check(extension, path, out, Shape.Unknown.ALLOW);
            return;
        }
        Shape shape = predefined.get(key);
        if (shape != null) {
            if (extension.isEmpty()) {
                out.error(path, Code.REQUIRED, "extension '" + key + "' is empty; it needs at least one property");
            }
            shape.check(extension, path, out, Shape.Unknown.WARN);
        } else if (key.endsWith("-ext") && StixFormats.typeNameProblem(key) == null) {
            out.warn(path, Code.UNKNOWN_PROPERTY, "extension '" + key + "' is not predefined for this object; STIX"
                    + " 2.1 deprecates custom '-ext' extensions in favour of extension-definitions");
            Shape.of("extension").build().check(extension, path, out, Shape.Unknown.ALLOW);
        } else {
            out.error(path, Code.FORMAT, "extension key '" + key + "' must be an extension-definition id"
                    + " (extension-definition--<UUID>) or a name of a-z, 0-9 and '-' ending in '-ext'");
        }
    }

    /** The extension_type values the object's extensions declare (empty when none). */
    static java.util.Set<String> declaredTypes(JsonNode object) {
        java.util.Set<String> types = new java.util.HashSet<>();
        JsonNode extensions = object.path("extensions");
        if (extensions.isObject()) {
            for (Map.Entry<String, JsonNode> entry : extensions.properties()) {
                JsonNode type = entry.getValue().path("extension_type");
                if (type.isTextual()) {
                    types.add(type.textValue());
                }
            }
        }
        return types;
    }
}
