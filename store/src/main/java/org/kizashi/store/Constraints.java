package org.kizashi.store;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;
import org.kizashi.core.identity.DuplicateException;

/** Turns the databases' unique-constraint violations (SQLSTATE 23505 on both H2 and PostgreSQL) into {@link DuplicateException}. */
final class Constraints {
    private static final String UNIQUE_VIOLATION = "23505";

    private Constraints() {
    }

    static <T> T unique(String what, Supplier<T> insert) {
        try {
            return insert.get();
        } catch (DataAccessException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    throw new DuplicateException(what + " already exists");
                }
            }
            throw e;
        }
    }
}
