package org.kizashi.active.list;

import org.kizashi.active.LineProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzNames;
import org.kizashi.core.active.ListEntry;
import org.kizashi.core.active.TriggerKind;
import org.xbill.DNS.Name;

/**
 * Gathers list files into the entries of one policy zone: DNS entries into a {@link PolicySet}, URL entries (which
 * only a proxy can enforce) aside with where they came from. An entry whose owner name would not fit in the zone, or
 * that lists a trigger already listed with another action, is reported with its file and line.
 */
public final class ListImport {
    private final Name origin;
    private final PolicySet.Builder policies = PolicySet.builder();
    private final List<Located> urls = new ArrayList<>();
    private long merged;

    /** An entry and the line it was read from. */
    public record Located(String source, long line, ListEntry entry) {
    }

    public ListImport(Name origin) {
        this.origin = origin;
    }

    /** Adds one entry read from {@code source} at {@code line}. */
    public void add(String source, long line, ListEntry entry, Consumer<LineProblem> problems) {
        if (entry.trigger().kind() == TriggerKind.URL) {
            urls.add(new Located(source, line, entry));
            return;
        }
        if (!RpzNames.fits(entry.trigger(), origin)) {
            problems.accept(new LineProblem(source, line, entry.trigger() + " does not fit in zone " + origin
                    + " (a name is at most 255 octets)"));
            return;
        }
        switch (policies.add(entry)) {
            case MERGED -> merged++;
            case CONFLICT -> problems.accept(new LineProblem(source, line, entry.trigger()
                    + " is already listed with another action; the first one is kept"));
            case ADDED -> { }
        }
    }

    public PolicySet.Builder policies() {
        return policies;
    }

    /** URL entries with a path, in the order read. */
    public List<Located> urls() {
        return List.copyOf(urls);
    }

    /** Entries that repeated a trigger with the same action (kept once). */
    public long merged() {
        return merged;
    }
}
