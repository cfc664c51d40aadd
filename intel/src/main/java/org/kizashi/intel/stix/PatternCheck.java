package org.kizashi.intel.stix;

/**
 * Checks an indicator pattern written in the STIX patterning language (pattern_type "stix"). The validator does not
 * parse patterns itself: the pattern parser is plugged in through this interface.
 */
@FunctionalInterface
public interface PatternCheck {
    /** Null when valid, else an English message naming the offset. */
    String problem(String pattern);
}
