package org.kizashi.core.telescope;

import java.util.List;

/** Where telescope alerts are kept. */
public interface TelescopeAlertRepository {
    /** Stores the alert and returns its id. */
    long save(TelescopeAlert alert);

    /** The newest alerts (by start), newest first. */
    List<StoredAlert> recent(int limit);

    /** The newest {@link InfectedHost} alerts for one organisation, newest first. */
    List<StoredAlert> forOrganisation(long organisationId, int limit);

    record StoredAlert(long id, TelescopeAlert alert) {
    }
}
