package org.kizashi.active;

import java.util.Objects;

/** A line of an input file that could not be used: where it is (file and line number) and why. */
public record LineProblem(String source, long line, String message) {
    public LineProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** The compiler-style {@code file:line: reason} that editors and grep understand. */
    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
