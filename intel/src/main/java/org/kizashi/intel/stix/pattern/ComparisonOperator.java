package org.kizashi.intel.stix.pattern;

/** The comparison operators, with the spelling used in canonical patterns and in {@link Comparison#operator()}. */
enum ComparisonOperator {
    EQUAL("="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">="),
    IN("IN"), LIKE("LIKE"), MATCHES("MATCHES"), ISSUBSET("ISSUBSET"), ISSUPERSET("ISSUPERSET"), EXISTS("EXISTS");

    final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }
}
