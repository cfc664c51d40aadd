package org.kizashi.intel.stix.pattern;

/** Joins comparisons inside brackets (AND, OR) or observations (AND, OR, FOLLOWEDBY). */
enum LogicalOperator {
    AND, OR, FOLLOWEDBY
}
