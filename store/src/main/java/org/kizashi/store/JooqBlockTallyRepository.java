package org.kizashi.store;

import static org.kizashi.store.Tables.ActiveBlockTallies.BLOCKS;
import static org.kizashi.store.Tables.ActiveBlockTallies.DAY;
import static org.kizashi.store.Tables.ActiveBlockTallies.ISP;
import static org.kizashi.store.Tables.ActiveBlockTallies.LIST;
import static org.kizashi.store.Tables.ActiveBlockTallies.ORIGIN;
import static org.kizashi.store.Tables.ActiveBlockTallies.T;
import static org.jooq.impl.DSL.sum;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.kizashi.core.active.BlockTally;
import org.kizashi.core.active.BlockTallyRepository;

/**
 * Block counts in {@code active_block_tallies}: an update that adds, or an insert for a new row. Callers in one process
 * serialise their additions (ActiveService does), so two inserts of the same new row do not race.
 */
final class JooqBlockTallyRepository implements BlockTallyRepository {
    private final Database database;
    private final DSLContext dsl;

    JooqBlockTallyRepository(Database database, DSLContext dsl) {
        this.database = database;
        this.dsl = dsl;
    }

    @Override
    public void add(Collection<BlockTally> tallies) {
        if (tallies.isEmpty()) {
            return;
        }
        database.inTransaction(() -> {
            for (BlockTally t : tallies) {
                int updated = dsl.update(T).set(BLOCKS, BLOCKS.plus(t.count()))
                        .where(DAY.eq(t.day())).and(LIST.eq(cut(t.list(), 300))).and(ISP.eq(cut(t.isp(), 200)))
                        .and(ORIGIN.eq(cut(t.origin(), 16))).execute();
                if (updated == 0) {
                    dsl.insertInto(T, DAY, LIST, ISP, ORIGIN, BLOCKS).values(t.day(), cut(t.list(), 300),
                            cut(t.isp(), 200), cut(t.origin(), 16), t.count()).execute();
                }
            }
            return null;
        });
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    @Override
    public List<BlockTally> between(LocalDate first, LocalDate last) {
        return dsl.select(DAY, LIST, ISP, ORIGIN, BLOCKS).from(T).where(DAY.between(first, last))
                .orderBy(DAY, LIST, ISP, ORIGIN)
                .fetch(r -> new BlockTally(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    @Override
    public long total() {
        BigDecimal total = dsl.select(sum(BLOCKS)).from(T).fetchOne().value1();
        return total == null ? 0 : total.longValue();
    }
}
