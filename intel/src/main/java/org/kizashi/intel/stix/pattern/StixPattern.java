package org.kizashi.intel.stix.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed and checked STIX 2.1 pattern (the {@code pattern} of an indicator with {@code pattern_type} "stix").
 * Instances are immutable. Two patterns are equal when they have the same {@link #canonical() canonical form},
 * that is the same structure and values whatever their spacing, comments or literal spelling.
 */
public final class StixPattern {
    private final String text;
    private final List<Comparison> comparisons;
    private final String canonical;

    private StixPattern(String text, ObservationExpression expression) {
        this.text = text;
        List<Comparison> collected = new ArrayList<>();
        expression.collectComparisons(collected);
        this.comparisons = List.copyOf(collected);
        StringBuilder out = new StringBuilder(text.length());
        expression.appendCanonical(out);
        this.canonical = out.toString();
    }

    /**
     * Parses and checks a pattern: the grammar of STIX 2.1 section 9, and the semantic rules the OASIS
     * cti-pattern-validator applies (object type names, valid timestamps, positive WITHIN and REPEATS, START
     * before STOP, well-formed binary, hex and hash values, compilable MATCHES expressions, no repeated qualifier
     * of one kind on one observation).
     *
     * @throws StixPatternException naming the first problem and its offset in {@code text}
     */
    public static StixPattern parse(String text) throws StixPatternException {
        Objects.requireNonNull(text, "text");
        return new StixPattern(text, Parser.parse(text));
    }

    /** The pattern exactly as given to {@link #parse(String)}. */
    public String text() {
        return text;
    }

    /** Every comparison in the pattern, in textual order, e.g. for an index of observable values. */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    /**
     * The pattern printed back in canonical form: single spaces, the parentheses of the original, no comments,
     * and literals in one spelling (lower-case hex, integers without '+', '=' and '!=' for '==' and '<>').
     * {@code parse(p.canonical())} equals {@code p}.
     */
    public String canonical() {
        return canonical;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StixPattern that && canonical.equals(that.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /** The canonical form. */
    @Override
    public String toString() {
        return canonical;
    }
}
