package org.kizashi.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;

/** What the value of one property must be; reports to the checker what it is not. */
@FunctionalInterface
interface ValueRule {
    /**
     * Checks {@code value} (never null, never JSON null: the shape reports those) found at {@code path}.
     */
    void check(JsonNode value, String path, Checker out);

    /** Accepts any JSON value. */
    ValueRule ANYTHING = (value, path, out) -> {
    };
}
