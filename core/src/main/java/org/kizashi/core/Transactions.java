package org.kizashi.core;

import java.util.function.Supplier;

/** Runs work atomically: every repository call made inside {@code work} commits or rolls back together. */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);

    default void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
