package org.kizashi.intel.exchange;

import org.kizashi.intel.stix.StixValidator;
import org.kizashi.intel.stix.pattern.StixPattern;
import org.kizashi.intel.stix.pattern.StixPatternException;

/** The validator the hub uses: every STIX rule, with indicator patterns checked by the STIX pattern parser. */
public final class StixValidators {
    private StixValidators() {
    }

    public static StixValidator withPatterns() {
        return new StixValidator(StixValidators::patternProblem);
    }

    /** Null when the pattern is valid STIX 2.1 patterning, else what is wrong and where. */
    static String patternProblem(String pattern) {
        try {
            StixPattern.parse(pattern);
            return null;
        } catch (StixPatternException e) {
            return e.getMessage();
        }
    }
}
