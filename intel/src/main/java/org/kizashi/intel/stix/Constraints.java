package org.kizashi.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.kizashi.intel.stix.Shape.Constraint;
import org.kizashi.intel.stix.StixProblem.Code;

/** Rules that tie properties of one object together (co-constraints of the specification). */
final class Constraints {
    private Constraints() {
    }

    /** At least one of {@code properties} is present ("MUST contain at least one of ..."). */
    static Constraint atLeastOneOf(String... properties) {
        return (object, path, out) -> {
            if (Arrays.stream(properties).noneMatch(object::has)) {
                out.error(path, Code.REQUIRED, "at least one of " + String.join(", ", properties) + " must be present"
                        + (path.isEmpty() ? "" : " in " + Checker.label(path)));
            }
        };
    }

    /** When {@code property} is present, each of {@code needed} is too. */
    static Constraint requires(String property, String... needed) {
        return (object, path, out) -> {
            if (!object.has(property)) {
                return;
            }
            for (String other : needed) {
                if (!object.has(other)) {
                    out.error(Checker.child(path, other), Code.REQUIRED, other + " is required when " + property
                            + " is present" + (path.isEmpty() ? "" : " in " + Checker.label(path)) + ", and is missing");
                }
            }
        };
    }

    /** {@code first} and {@code second} are not both present. */
    static Constraint notBoth(String first, String second) {
        return (object, path, out) -> {
            if (object.has(first) && object.has(second)) {
                out.error(Checker.child(path, second), Code.REQUIRED, second + " must not be present together with "
                        + first);
            }
        };
    }

    /** When the boolean {@code flag} has {@code value}, {@code forbidden} is absent. */
    static Constraint forbiddenWhen(String flag, boolean value, String forbidden) {
        return (object, path, out) -> {
            if (object.path(flag).isBoolean() && object.path(flag).booleanValue() == value && object.has(forbidden)) {
                out.error(Checker.child(path, forbidden), Code.REQUIRED, forbidden + " must not be present when "
                        + flag + " is " + value);
            }
        };
    }

    /**
     * Timestamp {@code later} is not before {@code earlier} (strictly after when {@code strict}). Malformed
     * timestamps are reported by their own rules and skipped here.
     */
    static Constraint ordered(String earlier, String later, boolean strict) {
        return (object, path, out) -> {
            Instant first = instant(object.get(earlier));
            Instant second = instant(object.get(later));
            if (first == null || second == null) {
                return;
            }
            int order = second.compareTo(first);
            if (order < 0 || (strict && order == 0)) {
                out.error(Checker.child(path, later), Code.ORDER, later + " (" + object.get(later).textValue()
                        + ") must be " + (strict ? "later than " : "later than or equal to ") + earlier + " ("
                        + object.get(earlier).textValue() + ")");
            }
        };
    }

    private static Instant instant(JsonNode node) {
        return node != null && node.isTextual() ? StixFormats.instant(node.textValue()) : null;
    }

    /**
     * The object has at least one property of its own, beyond the properties common to all SCOs ("MUST contain at
     * least one property (other than type) from this object or one of its extensions").
     */
    static Constraint atLeastOneSpecificProperty(Shape common) {
        return (object, path, out) -> {
            Set<String> own = object.properties().stream().map(java.util.Map.Entry::getKey)
                    .filter(p -> !common.defines(p) || p.equals("extensions"))
                    .collect(Collectors.toSet());
            if (own.isEmpty()) {
                out.error(path, Code.REQUIRED, "a " + object.path("type").asText()
                        + " must contain at least one property of its own (or an extension), beyond the common ones");
            }
        };
    }
}
