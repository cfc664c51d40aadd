package org.kizashi.core.audit;

import java.util.List;

/** An append-only record of every write. Entries are never updated or deleted through this interface. */
public interface AuditLog {
    AuditEntry record(String actor, String action, String target, String detail);

    /** The newest entries first, at most {@code limit}, older than {@code beforeId} when it is positive. */
    List<AuditEntry> latest(int limit, long beforeId);
}
