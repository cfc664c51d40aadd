package org.kizashi.core.active;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/** The block counts, kept per day, list, ISP and origin; adding to a row that exists increases it. */
public interface BlockTallyRepository {
    /** Adds the counts (one transaction: all or nothing). */
    void add(Collection<BlockTally> tallies);

    /** Every row of the days from {@code first} to {@code last} inclusive, by day, list, ISP and origin. */
    List<BlockTally> between(LocalDate first, LocalDate last);

    /** The sum of every count ever added. */
    long total();
}
