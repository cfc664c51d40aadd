package org.kizashi.intel.misp;

import java.util.ArrayList;
import java.util.List;

/** The comparisons of one STIX pattern observation, joined with AND as MISP's converter joins them. */
final class Observation {
    private final List<String> comparisons = new ArrayList<>();

    Observation compare(String objectPath, String value) {
        comparisons.add(objectPath + " = " + Stix.literal(value));
        return this;
    }

    /** Integer properties (ports, sizes, AS numbers) get integer literals, so that a matcher compares numbers. */
    Observation compare(String objectPath, long value) {
        comparisons.add(objectPath + " = " + value);
        return this;
    }

    boolean isEmpty() {
        return comparisons.isEmpty();
    }

    /** "[a = 'x' AND b = 'y']". */
    String pattern() {
        return "[" + String.join(" AND ", comparisons) + "]";
    }
}
