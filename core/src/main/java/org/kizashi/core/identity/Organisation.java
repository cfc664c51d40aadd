package org.kizashi.core.identity;

import java.time.Instant;
import java.util.Objects;

/** An organisation taking part in the platform: an ISP, a ministry, a CSIRT, an operator of critical infrastructure. */
public record Organisation(long id, String name, Instant created) {
    public Organisation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
    }
}
