package org.kizashi.intel.exchange;

import java.io.IOException;

/** Input that is not a readable STIX bundle: names the input and where (line and column) reading stopped. */
public final class StixInputException extends IOException {
    private final String source;
    private final long line;
    private final long column;

    public StixInputException(String source, long line, long column, String problem, Throwable cause) {
        super(source + (line > 0 ? ":" + line + ":" + column : "") + ": " + problem, cause);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    public String source() {
        return source;
    }

    /** 1-based line, 0 when unknown. */
    public long line() {
        return line;
    }

    /** 1-based column, 0 when unknown. */
    public long column() {
        return column;
    }
}
