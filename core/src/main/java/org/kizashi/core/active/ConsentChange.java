package org.kizashi.core.active;

import java.time.Instant;
import java.util.Objects;

/** One change of a subscriber's consent, kept forever: the registry is the history of these. */
public record ConsentChange(long id, String isp, String subscriber, ConsentStatus status, ConsentChannel channel,
                            String changedBy, Instant at, String note) {
    public ConsentChange {
        Objects.requireNonNull(isp, "isp");
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(changedBy, "changedBy");
        Objects.requireNonNull(at, "at");
        note = note == null ? "" : note;
    }
}
