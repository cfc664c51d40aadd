package org.kizashi.active.subscriber;

import java.util.Objects;

/**
 * Where a record was read: a file and its 1-based line. Kept with every lease and every problem so that an
 * attribution, which may lead to a subscriber being contacted, can be checked against the original logs by hand.
 */
public record SourceLine(String file, int line) {
    public SourceLine {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    /** {@code file:line}, the form editors and grep output use. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
