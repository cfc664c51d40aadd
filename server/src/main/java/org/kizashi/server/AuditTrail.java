package org.kizashi.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.kizashi.core.audit.AuditLog;

/** Records writes in the audit log with their details as JSON text. Call it inside the write's transaction. */
public final class AuditTrail {
    private final AuditLog log;
    private final ObjectMapper json;

    public AuditTrail(AuditLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    public void record(String actor, String action, String target, Map<String, ?> detail) {
        String text;
        try {
            text = detail == null || detail.isEmpty() ? null : json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable: " + e.getOriginalMessage(), e);
        }
        log.record(actor, action, target, text);
    }

    public AuditLog log() {
        return log;
    }
}
