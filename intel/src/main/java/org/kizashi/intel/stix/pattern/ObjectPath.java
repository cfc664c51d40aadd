package org.kizashi.intel.stix.pattern;

import java.util.List;
import java.util.Objects;

/** {@code object-type:property.property[index]...}: what a comparison looks at. */
record ObjectPath(String objectType, List<Step> steps) {
    ObjectPath {
        Objects.requireNonNull(objectType, "objectType");
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.getFirst() instanceof Property)) {
            throw new IllegalArgumentException("an object path starts with a property name");
        }
    }

    sealed interface Step {
        /** How the step appears in {@link Comparison#path()}. */
        String name();
    }

    record Property(String name) implements Step {
        Property {
            Objects.requireNonNull(name, "name");
        }
    }

    record Index(long index) implements Step {
        @Override
        public String name() {
            return "[" + index + "]";
        }
    }

    record AnyIndex() implements Step {
        @Override
        public String name() {
            return "[*]";
        }
    }

    List<String> stepNames() {
        return steps.stream().map(Step::name).toList();
    }

    void appendCanonical(StringBuilder out) {
        out.append(objectType).append(':');
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step instanceof Property property) {
                if (i > 0) {
                    out.append('.');
                }
                appendPropertyName(property.name(), out);
            } else {
                out.append(step.name());
            }
        }
    }

    /** Names that would not lex back as a plain identifier are quoted. */
    private static void appendPropertyName(String name, StringBuilder out) {
        if (isPlainIdentifier(name) && !Lexer.isKeyword(name)) {
            out.append(name);
        } else {
            Literal.appendQuoted(name, out);
        }
    }

    private static boolean isPlainIdentifier(String name) {
        if (name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) {
            return false;
        }
        return name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_');
    }
}
