package org.kizashi.intel.stix.pattern;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One comparison of a pattern, such as {@code file:hashes.'SHA-256' = 'aec0...'}.
 *
 * @param objectType the cyber-observable type, e.g. {@code file}
 * @param path       the property path after the colon, one element per step: property names unquoted
 *                   ({@code ["hashes", "SHA-256"]}) and list indexes as {@code "[0]"} or {@code "[*]"}
 * @param operator   {@code = != < <= > >= IN LIKE MATCHES ISSUBSET ISSUPERSET EXISTS}
 * @param negated    whether NOT precedes the operator
 * @param value      the constant compared with: String, Long, Double, Boolean, {@link java.time.Instant},
 *                   byte[] (for b'' and h'' literals), an immutable List of those for IN, or null for EXISTS
 */
public record Comparison(String objectType, List<String> path, String operator, boolean negated, Object value) {
    public Comparison {
        Objects.requireNonNull(objectType, "objectType");
        path = List.copyOf(path);
        Objects.requireNonNull(operator, "operator");
        value = copyOf(value);
    }

    /** The value; byte arrays are copies, so changing them does not change this comparison. */
    @Override
    public Object value() {
        return copyOf(value);
    }

    /** Compares byte arrays by content, including inside IN lists. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Comparison that
                && objectType.equals(that.objectType)
                && path.equals(that.path)
                && operator.equals(that.operator)
                && negated == that.negated
                && sameValue(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objectType, path, operator, negated, valueHash(value));
    }

    /** For example {@code file:hashes.SHA-256 = aec0...}: unquoted, with byte arrays in hex; for reading only. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(objectType).append(':');
        for (int i = 0; i < path.size(); i++) {
            String step = path.get(i);
            out.append(i == 0 || step.startsWith("[") ? "" : ".").append(step);
        }
        out.append(negated ? " NOT " : " ").append(operator);
        return value == null ? out.toString() : out.append(' ').append(valueText(value)).toString();
    }

    private static Object copyOf(Object value) {
        return switch (value) {
            case byte[] bytes -> bytes.clone();
            case List<?> list -> list.stream().map(Comparison::copyOf).toList();
            case null, default -> value;
        };
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof byte[] bytesA && b instanceof byte[] bytesB) {
            return Arrays.equals(bytesA, bytesB);
        }
        if (a instanceof List<?> listA && b instanceof List<?> listB) {
            if (listA.size() != listB.size()) {
                return false;
            }
            for (int i = 0; i < listA.size(); i++) {
                if (!sameValue(listA.get(i), listB.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static int valueHash(Object value) {
        return switch (value) {
            case byte[] bytes -> Arrays.hashCode(bytes);
            case List<?> list -> list.stream().mapToInt(Comparison::valueHash).reduce(1, (hash, next) -> 31 * hash + next);
            case null, default -> Objects.hashCode(value);
        };
    }

    private static String valueText(Object value) {
        return switch (value) {
            case byte[] bytes -> HexFormat.of().formatHex(bytes);
            case List<?> list -> list.stream().map(Comparison::valueText).toList().toString();
            default -> String.valueOf(value);
        };
    }
}
