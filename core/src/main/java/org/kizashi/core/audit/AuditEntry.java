package org.kizashi.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One write on the platform: who ({@code actor}, a user name or "system"), when, what ({@code action} such as
 * "user.create"), on which object ({@code target}) and a short detail (JSON text or a sentence).
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String detail) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
    }
}
