package org.kizashi.active.list;

/** A line of an input file that could not be used: where it is (file and line number) and why. */
public record LineProblem(String source, long line, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
