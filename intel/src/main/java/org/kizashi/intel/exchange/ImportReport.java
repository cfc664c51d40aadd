package org.kizashi.intel.exchange;

import java.util.List;
import org.kizashi.intel.stix.StixProblem;

/**
 * What became of each object of an imported bundle, in bundle order, and the problems of the bundle itself.
 * Objects with errors are {@link Status#INVALID} and not stored; the others are stored (or were there already), or
 * refused by the hub's rules with a reason.
 */
public record ImportReport(String source, List<StixProblem> bundleProblems, List<Item> items) {
    public ImportReport {
        bundleProblems = List.copyOf(bundleProblems);
        items = List.copyOf(items);
    }

    public enum Status {
        ADDED,
        ALREADY_PRESENT,
        REFUSED,
        INVALID
    }

    /**
     * One object: its index in the bundle's {@code objects}, its id (null when it has no usable one), what became of
     * it, why (for {@link Status#REFUSED}), and its problems (errors for {@link Status#INVALID}; warnings otherwise).
     */
    public record Item(int index, String id, Status status, String reason, List<StixProblem> problems) {
        public Item {
            problems = List.copyOf(problems);
        }
    }

    public long count(Status status) {
        return items.stream().filter(i -> i.status() == status).count();
    }
}
