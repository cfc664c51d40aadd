package org.kizashi.core.active;

import java.time.LocalDate;
import java.util.Objects;

/**
 * How many blocks one list caused for one ISP's subscribers on one day (Japan time), as one source saw them:
 * ACTIVE's headline figure is the sum of these.
 *
 * @param origin where the blocks were seen: unbound, bind, warning-page or sinkhole
 */
public record BlockTally(LocalDate day, String list, String isp, String origin, long count) {
    public BlockTally {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(isp, "isp");
        Objects.requireNonNull(origin, "origin");
        if (count < 0) {
            throw new IllegalArgumentException("a count cannot be negative: " + count);
        }
    }
}
