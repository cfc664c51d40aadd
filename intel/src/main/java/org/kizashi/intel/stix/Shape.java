package org.kizashi.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kizashi.intel.stix.StixProblem.Code;

/**
 * The properties an object (or a nested structure such as an external reference) may have: which are required,
 * the rule of each value, and the rules that tie properties together.
 */
final class Shape {
    /** What to do with a property the shape does not define. */
    enum Unknown {
        /** Custom property: a warning (STIX 2.1 wants custom properties in extensions). */
        WARN,
        /** Allowed silently (e.g. in an extension whose definition this validator does not know). */
        ALLOW
    }

    /** A rule over a whole object rather than one property, e.g. "modified is not before created". */
    @FunctionalInterface
    interface Constraint {
        void check(JsonNode object, String path, Checker out);
    }

    private record Property(boolean required, ValueRule rule) {
    }

    private final String name;
    private final Map<String, Property> properties;
    private final List<Constraint> constraints;

    private Shape(String name, Map<String, Property> properties, List<Constraint> constraints) {
        this.name = name;
        this.properties = properties;
        this.constraints = constraints;
    }

    static Builder of(String name) {
        return new Builder(name);
    }

    /** What the shape describes, for messages: "indicator", "external reference". */
    String name() {
        return name;
    }

    boolean defines(String property) {
        return properties.containsKey(property);
    }

    /** Checks {@code object} (a JSON object) found at {@code path}. */
    void check(JsonNode object, String path, Checker out, Unknown unknown) {
        properties.forEach((property, spec) -> {
            if (spec.required() && !object.has(property)) {
                out.error(Checker.child(path, property), Code.REQUIRED, required(property, path));
            }
        });
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String property = field.getKey();
            JsonNode value = field.getValue();
            String propertyPath = Checker.child(path, property);
            Property spec = properties.get(property);
            if (value.isNull()) {
                out.error(propertyPath, Code.TYPE, Checker.label(propertyPath)
                        + " is null; STIX has no null values (omit an optional property instead)");
            } else if (spec != null) {
                spec.rule().check(value, propertyPath, out);
            } else {
                checkCustom(property, value, propertyPath, out, unknown);
            }
        }
        for (Constraint constraint : constraints) {
            constraint.check(object, path, out);
        }
    }

    private String required(String property, String path) {
        String where = path.isEmpty() ? "" : " in " + Checker.label(path);
        return property + " is required in " + article(name) + " " + name + where + " and is missing";
    }

    static String article(String noun) {
        return "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
    }

    /**
     * A property the specification does not define. Its name must still follow the naming rules, and the
     * suffix conventions (_ref, _refs, _hex, _bin) still bind its value.
     */
    static void checkCustom(String property, JsonNode value, String path, Checker out, Unknown unknown) {
        if (!StixFormats.isPropertyName(property)) {
            out.error(path, Code.FORMAT, "property name '" + property
                    + "' must be 3 to 250 characters of a-z, 0-9 and '_'");
        } else if (unknown == Unknown.WARN) {
            out.warn(path, Code.UNKNOWN_PROPERTY, "'" + property + "' is not a property of this object in STIX 2.1;"
                    + " custom properties should be defined by an extension-definition");
        }
        if (value.isNull()) {
            return;
        }
        if (property.endsWith("_ref")) {
            Rules.ref(Targets.ANY).check(value, path, out);
        } else if (property.endsWith("_refs")) {
            Rules.refs(Targets.ANY).check(value, path, out);
        } else if (property.endsWith("_hex")) {
            Rules.hex().check(value, path, out);
        } else if (property.endsWith("_bin")) {
            Rules.binary().check(value, path, out);
        } else if (value.isArray() && value.isEmpty()) {
            out.error(path, Code.RANGE, Checker.label(path)
                    + " is an empty list; STIX forbids empty lists (omit an optional property instead)");
        }
    }

    static final class Builder {
        private final String name;
        private final Map<String, Property> properties = new LinkedHashMap<>();
        private final List<Constraint> constraints = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        Builder required(String property, ValueRule rule) {
            properties.put(property, new Property(true, rule));
            return this;
        }

        Builder optional(String property, ValueRule rule) {
            properties.put(property, new Property(false, rule));
            return this;
        }

        /** The properties and constraints of {@code other}, e.g. the common properties of all SDOs. */
        Builder including(Shape other) {
            properties.putAll(other.properties);
            constraints.addAll(other.constraints);
            return this;
        }

        /** Leaves out a property {@link #including included} from another shape. */
        Builder without(String property) {
            properties.remove(property);
            return this;
        }

        Builder constraint(Constraint constraint) {
            constraints.add(constraint);
            return this;
        }

        Shape build() {
            return new Shape(name, new LinkedHashMap<>(properties), List.copyOf(constraints));
        }
    }
}
