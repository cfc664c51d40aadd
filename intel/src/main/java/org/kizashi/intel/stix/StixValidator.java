package org.kizashi.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.kizashi.intel.stix.StixProblem.Code;
import org.kizashi.intel.stix.StixProblem.Severity;
import org.kizashi.intel.stix.StixTypes.Category;
import org.kizashi.intel.stix.StixTypes.TypeSpec;

/**
 * Validates STIX 2.1 objects and bundles against the rules of the STIX 2.1 specification (OASIS Standard): common
 * properties, the required properties and value formats of every SDO, SRO, SCO and meta object, references to the
 * right object types, timestamp order, enumerations and (as warnings) open vocabularies, custom content and best
 * practices. Each problem names its object, the JSON Pointer of the property and what was expected.
 *
 * <p>Patterns of indicators with pattern_type "stix" are checked by the {@link PatternCheck} given to the
 * constructor. Instances are immutable and thread-safe if the pattern check is.
 */
public final class StixValidator {
    private final PatternCheck patterns;

    /** A validator that checks STIX patterns of indicators with {@code patterns}. */
    public StixValidator(PatternCheck patterns) {
        this.patterns = Objects.requireNonNull(patterns, "patterns");
    }

    /**
     * Problems of one object (a JSON object node); empty when valid. A bundle given here is validated as by
     * {@link #validateBundle}, its objects' problems with paths under "/objects/&lt;index&gt;".
     */
    public List<StixProblem> validate(JsonNode object) {
        if (object != null && object.isObject() && "bundle".equals(object.path("type").asText(null))) {
            BundleCheck check = validateBundle(object);
            List<StixProblem> all = new ArrayList<>(check.bundleProblems());
            for (int i = 0; i < check.objectProblems().size(); i++) {
                for (StixProblem p : check.objectProblems().get(i)) {
                    all.add(new StixProblem(p.severity(), p.objectId(), "/objects/" + i + p.path(), p.code(),
                            p.detail()));
                }
            }
            return List.copyOf(all);
        }
        return validateObject(object);
    }

    /**
     * A bundle: problems of the bundle itself (objectIndex -1) and of each object, by index; valid objects have
     * none. Each object is validated on its own, so one bad object does not hide the problems (or validity) of
     * the others.
     */
    public BundleCheck validateBundle(JsonNode bundle) {
        if (bundle == null || !bundle.isObject()) {
            return new BundleCheck(List.of(new StixProblem(Severity.ERROR, null, "", Code.TYPE,
                    "a bundle must be a JSON object, found " + (bundle == null ? "nothing" : Rules.describe(bundle)))),
                    List.of());
        }
        Checker out = new Checker(usableId(bundle), bundle, patterns);
        JsonNode type = bundle.get("type");
        if (type == null) {
            out.error("/type", Code.REQUIRED, "type is required in a bundle and is missing");
        } else if (!type.isTextual() || !type.textValue().equals("bundle")) {
            out.error("/type", Code.ENUMERATION, "the type of a bundle must be 'bundle', found " + Rules.describe(type));
        }
        if (!bundle.has("id")) {
            out.error("/id", Code.REQUIRED, "id is required in a bundle and is missing");
        } else {
            checkIdentifier(bundle, "bundle", Category.META, out);
        }
        List<List<StixProblem>> objectProblems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : bundle.properties()) {
            String path = Checker.child("", field.getKey());
            switch (field.getKey()) {
                case "type", "id" -> {
                }
                case "objects" -> {
                    JsonNode objects = field.getValue();
                    if (!objects.isArray()) {
                        out.error(path, Code.TYPE, "objects must be a list of STIX objects, found "
                                + Rules.describe(objects));
                    } else if (objects.isEmpty()) {
                        out.error(path, Code.RANGE, "objects is an empty list; omit it from an empty bundle");
                    } else {
                        for (JsonNode object : objects) {
                            objectProblems.add(validateObject(object));
                        }
                    }
                }
                case "spec_version" -> out.warn(path, Code.UNKNOWN_PROPERTY, "a STIX 2.1 bundle has no spec_version"
                        + " (STIX 2.0 bundles had one); each object carries its own spec_version");
                default -> Shape.checkCustom(field.getKey(), field.getValue(), path, out, Shape.Unknown.WARN);
            }
        }
        return new BundleCheck(out.problems(), objectProblems);
    }

    private List<StixProblem> validateObject(JsonNode object) {
        if (object == null || !object.isObject()) {
            return List.of(new StixProblem(Severity.ERROR, null, "", Code.TYPE, "a STIX object must be a JSON"
                    + " object, found " + (object == null ? "nothing" : Rules.describe(object))));
        }
        Checker out = new Checker(usableId(object), object, patterns);
        JsonNode typeNode = object.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            if (typeNode == null) {
                out.error("/type", Code.REQUIRED, "type is required in every STIX object and is missing");
            } else {
                out.error("/type", Code.TYPE, "type must be a string, found " + Rules.describe(typeNode));
            }
            if (object.has("id")) {
                checkIdentifier(object, null, null, out);
            }
            return out.problems();
        }
        String type = typeNode.textValue();
        if (type.equals("bundle")) {
            out.error("/type", Code.TYPE, "a bundle is not a STIX object and cannot be one of a bundle's objects");
            return out.problems();
        }
        String typeProblem = StixFormats.typeNameProblem(type);
        if (typeProblem != null) {
            out.error("/type", Code.FORMAT, "type '" + type + "' is not a valid type name: " + typeProblem);
        }
        TypeSpec spec = StixTypes.get(type);
        Set<String> extensionTypes = Extensions.declaredTypes(object);
        Shape shape;
        Category category;
        Shape.Unknown unknown;
        if (spec != null) {
            shape = spec.shape();
            category = spec.category();
            // A top-level property extension adds properties the validator cannot know without its definition.
            unknown = extensionTypes.contains("toplevel-property-extension") ? Shape.Unknown.ALLOW : Shape.Unknown.WARN;
        } else {
            category = newObjectCategory(extensionTypes);
            if (category == null && type.startsWith("x-")) {
                out.warn("/type", Code.BEST_PRACTICE, "'" + type + "' is a custom object type in the way of STIX 2.0,"
                        + " deprecated in 2.1: define new object types with an extension-definition (extension_type"
                        + " new-sdo, new-sco or new-sro)");
            } else if (category == null && typeProblem == null) {
                out.error("/type", Code.TYPE, "'" + type + "' is not a STIX 2.1 object type; a custom type must be"
                        + " defined by an extension-definition whose extension_type (new-sdo, new-sco or new-sro)"
                        + " the object declares in its extensions");
            }
            shape = category == null ? StixTypes.CUSTOM
                    : category == Category.SCO ? StixTypes.SCO_COMMON : StixTypes.SDO_COMMON;
            unknown = Shape.Unknown.ALLOW;
        }
        if (object.has("id")) {
            checkIdentifier(object, type, category, out);
        }
        shape.check(object, "", out, unknown);
        return out.problems();
    }

    /** The category a custom object declares through the extension_type of its extension-definition. */
    private static Category newObjectCategory(Set<String> extensionTypes) {
        if (extensionTypes.contains("new-sdo")) {
            return Category.SDO;
        }
        if (extensionTypes.contains("new-sro")) {
            return Category.SRO;
        }
        return extensionTypes.contains("new-sco") ? Category.SCO : null;
    }

    /** The id to name an object by in problems: its id when it is a non-blank string. */
    private static String usableId(JsonNode object) {
        JsonNode id = object.get("id");
        return id != null && id.isTextual() && !id.textValue().isBlank() ? id.textValue() : null;
    }

    /**
     * An object's own id: {@code <type>--<RFC 4122 UUID>} with the object's type, and (best practice, section
     * 2.9) a UUIDv5 for SCOs that have ID contributing properties, which makes their ids deterministic, and a
     * UUIDv4 for SDOs, SROs, meta objects and bundles.
     */
    private static void checkIdentifier(JsonNode object, String type, Category category, Checker out) {
        JsonNode id = object.get("id");
        if (!id.isTextual()) {
            out.error("/id", Code.TYPE, "id must be an identifier string, found " + Rules.describe(id));
            return;
        }
        String problem = StixFormats.identifierProblem(id.textValue());
        if (problem != null) {
            out.error("/id", Code.IDENTIFIER, "id must be <type>--<RFC 4122 UUID>, found '" + id.textValue() + "': "
                    + problem);
            return;
        }
        StixFormats.Identifier parsed = StixFormats.identifier(id.textValue());
        if (type != null && !parsed.type().equals(type)) {
            out.error("/id", Code.IDENTIFIER, "id '" + id.textValue() + "' must start with the object's type '"
                    + type + "--'");
            return;
        }
        if (category == Category.SCO) {
            List<String> contributing = type == null ? List.of() : StixTypes.idContributingProperties(type);
            if (parsed.uuidVersion() != 5 && contributing.stream().anyMatch(object::has)) {
                out.warn("/id", Code.BEST_PRACTICE, "the id of " + Shape.article(type) + " " + type + " should use"
                        + " a UUIDv5 derived from its ID contributing properties (" + String.join(", ", contributing)
                        + "), found a UUIDv" + parsed.uuidVersion());
            }
        } else if (category != null && category != Category.SCO && parsed.uuidVersion() != 4) {
            out.warn("/id", Code.BEST_PRACTICE, "the id of " + (type == null ? "this object" : Shape.article(type)
                    + " " + type) + " should use a UUIDv4, found a UUIDv" + parsed.uuidVersion());
        }
    }
}
