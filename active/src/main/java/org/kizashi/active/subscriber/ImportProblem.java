package org.kizashi.active.subscriber;

import java.util.Objects;

/**
 * A line that could not be used, and why. Imports report problems instead of failing, so that one damaged line in a
 * day of logs does not stop every other subscriber from being attributed; the operator reads the list and fixes the
 * source.
 */
public record ImportProblem(SourceLine where, String reason) {
    public ImportProblem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code file:line: reason}. */
    @Override
    public String toString() {
        return where + ": " + reason;
    }
}
