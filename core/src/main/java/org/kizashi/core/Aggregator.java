package org.kizashi.core;

/**
 * An incremental, mergeable aggregation: the shape of Apache Flink's AggregateFunction, without Flink. One process
 * folds its input with {@link #add}; partial results of several processes or sensors are combined with {@link #merge},
 * and merging must give the same result as one accumulator having seen all the input.
 *
 * @param <I> input element
 * @param <A> accumulator (mutable partial state)
 * @param <O> result
 */
public interface Aggregator<I, A, O> {
    A create();

    /** Folds {@code input} into {@code accumulator} and returns it (the same object, updated, or a new one). */
    A add(I input, A accumulator);

    /** Combines two partial states; may return one of them, updated. */
    A merge(A left, A right);

    O result(A accumulator);
}
