package org.kizashi.store;

import static org.kizashi.store.Tables.Audit.ACTION;
import static org.kizashi.store.Tables.Audit.ACTOR;
import static org.kizashi.store.Tables.Audit.AT;
import static org.kizashi.store.Tables.Audit.DETAIL;
import static org.kizashi.store.Tables.Audit.ID;
import static org.kizashi.store.Tables.Audit.T;
import static org.kizashi.store.Tables.Audit.TARGET;

import java.time.Clock;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.kizashi.core.audit.AuditEntry;
import org.kizashi.core.audit.AuditLog;

final class JooqAuditLog implements AuditLog {
    private final DSLContext dsl;
    private final Clock clock;

    JooqAuditLog(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public AuditEntry record(String actor, String action, String target, String detail) {
        return dsl.insertInto(T)
                .set(AT, clock.instant())
                .set(ACTOR, truncate(actor, 200))
                .set(ACTION, truncate(action, 100))
                .set(TARGET, truncate(target, 500))
                .set(DETAIL, detail)
                .returning(ID, AT, ACTOR, ACTION, TARGET, DETAIL)
                .fetchSingle(JooqAuditLog::map);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public List<AuditEntry> latest(int limit, long beforeId) {
        Condition before = beforeId > 0 ? ID.lt(beforeId) : DSL.noCondition();
        return dsl.select(ID, AT, ACTOR, ACTION, TARGET, DETAIL).from(T).where(before)
                .orderBy(ID.desc()).limit(Math.max(1, Math.min(limit, 1000))).fetch(JooqAuditLog::map);
    }

    private static AuditEntry map(Record r) {
        return new AuditEntry(r.get(ID), r.get(AT), r.get(ACTOR), r.get(ACTION), r.get(TARGET), r.get(DETAIL));
    }
}
