package org.kizashi.intel.stix.pattern;

/**
 * One lexical token. {@code value} holds the decoded literal (String, Long, BigDecimal, Instant or byte[]) for
 * literal tokens and is null otherwise.
 */
record Token(Kind kind, String text, int offset, Object value) {
    /** Longest text quoted in error messages; long literals are cut so that messages stay readable. */
    private static final int MAX_QUOTED_LENGTH = 40;

    enum Kind {
        LBRACKET, RBRACKET, LPAREN, RPAREN, COLON, DOT, COMMA, ASTERISK,
        EQ, NEQ, LT, LE, GT, GE,
        IDENTIFIER, STRING, INTEGER, FLOAT, TIMESTAMP, BINARY, HEX,
        AND("AND"), OR("OR"), NOT("NOT"), FOLLOWEDBY("FOLLOWEDBY"), LIKE("LIKE"), MATCHES("MATCHES"),
        ISSUPERSET("ISSUPERSET"), ISSUBSET("ISSUBSET"), EXISTS("EXISTS"), IN("IN"), START("START"), STOP("STOP"),
        SECONDS("SECONDS"), WITHIN("WITHIN"), REPEATS("REPEATS"), TIMES("TIMES"), TRUE("true"), FALSE("false"),
        /** Reserved by the grammar but used by no rule. */
        LAST("LAST"),
        /** A character the grammar lexes (or catches as invalid) but no rule accepts: + - ^ / and anything else. */
        STRAY,
        END;

        /** The reserved word spelling this kind, or null when the kind is not a keyword. */
        final String keyword;

        Kind() {
            this(null);
        }

        Kind(String keyword) {
            this.keyword = keyword;
        }
    }

    /** How the token is named after "found" in error messages. */
    String describe() {
        if (kind == Kind.END) {
            return "end of pattern";
        }
        String shown = text.length() <= MAX_QUOTED_LENGTH ? text : text.substring(0, MAX_QUOTED_LENGTH) + "...";
        return kind == Kind.STRING ? "string " + shown : "'" + shown + "'";
    }
}
