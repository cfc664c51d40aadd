package org.kizashi.intel.stix;

import java.util.List;

/**
 * The result of validating a STIX bundle.
 *
 * @param bundleProblems problems of the bundle itself (its type, id and objects list)
 * @param objectProblems problems of each element of the bundle's {@code objects}, by index; empty for valid objects
 */
public record BundleCheck(List<StixProblem> bundleProblems, List<List<StixProblem>> objectProblems) {
    public BundleCheck {
        bundleProblems = List.copyOf(bundleProblems);
        objectProblems = objectProblems.stream().map(List::copyOf).toList();
    }

    /** Whether the object at {@code index} of the bundle has no problem of severity ERROR. */
    public boolean valid(int index) {
        return StixProblem.noErrors(objectProblems.get(index));
    }
}
