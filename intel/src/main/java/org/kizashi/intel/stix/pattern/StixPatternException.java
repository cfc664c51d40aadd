package org.kizashi.intel.stix.pattern;

/** A pattern that does not follow the STIX 2.1 patterning grammar or breaks one of its semantic rules. */
public final class StixPatternException extends Exception {
    private final int offset;

    StixPatternException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** The 0-based character offset in the pattern text where the problem was found. */
    public int offset() {
        return offset;
    }
}
