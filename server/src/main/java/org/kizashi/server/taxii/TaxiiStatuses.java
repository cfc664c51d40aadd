package org.kizashi.server.taxii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The status resources of recent POSTs, kept in memory: the objects of a POST are stored before it is answered, so a
 * status is complete when created and is only looked at shortly after. The newest {@link #KEPT} are kept; each can be
 * read only by the organisation that posted it.
 */
final class TaxiiStatuses {
    static final int KEPT = 10_000;

    private record Posted(long organisationId, ObjectNode status) {
    }

    private final Map<String, Posted> byId = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Posted> eldest) {
            return size() > KEPT;
        }
    };

    synchronized void put(String id, long organisationId, ObjectNode status) {
        byId.put(id, new Posted(organisationId, status));
    }

    /** The status, if it exists and the organisation posted it (another's is as absent as an unknown one). */
    synchronized Optional<ObjectNode> get(String id, long organisationId) {
        Posted e = byId.get(id);
        return e == null || e.organisationId() != organisationId ? Optional.empty() : Optional.of(e.status());
    }
}
