package org.kizashi.active.hits;

/**
 * What a parser did with a file, so that an operator can tell an empty day from a file that was not understood.
 *
 * @param lines    physical lines read
 * @param accepted records handed to the consumer
 * @param skipped  lines that were not records of interest (other log messages, blank lines)
 * @param problems lines reported as problems
 */
public record ParseSummary(long lines, long accepted, long skipped, long problems) {
}
