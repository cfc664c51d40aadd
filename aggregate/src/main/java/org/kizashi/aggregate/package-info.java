/**
 * Engine-neutral aggregation of darknet packets: time series per key at minute, hour and day resolution, per-source
 * records bounded in memory, top lists by unique sources, and a compact binary form of the partial state.
 *
 * <p>{@link org.kizashi.aggregate.DarknetAggregator} is the entry point: an
 * {@link org.kizashi.core.Aggregator} (create/add/merge/result) whose accumulator a sensor folds packets into, posts
 * to the server as bytes ({@link org.kizashi.aggregate.DarknetAccumulator#toBytes()}), and the server merges. Unique
 * counts are UltraLogLog sketches (hash4j), kept as exact token sets while small; merging partial states gives
 * byte-for-byte the state one accumulator would have reached on all the input. Nothing here depends on a stream
 * engine, so the same code runs later inside Apache Flink.
 */
package org.kizashi.aggregate;
