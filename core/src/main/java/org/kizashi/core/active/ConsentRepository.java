package org.kizashi.core.active;

import java.util.List;
import java.util.Optional;

/** The consent registry: every change of every subscriber's consent, and the current state derived from it. */
public interface ConsentRepository {
    /** Records a change (also when it repeats the current state: the history shows every request). */
    ConsentChange record(String isp, String subscriber, ConsentStatus status, ConsentChannel channel,
                         String changedBy, String note);

    /** The latest change for the subscriber; empty: opted in by the contract terms, never changed. */
    Optional<ConsentChange> current(String isp, String subscriber);

    /** The subscribers whose latest change is an opt-out, newest first. */
    List<ConsentChange> optedOut();

    /** Every change for the subscriber, oldest first. */
    List<ConsentChange> history(String isp, String subscriber);
}
