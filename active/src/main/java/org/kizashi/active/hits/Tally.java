package org.kizashi.active.hits;

import org.kizashi.active.LineProblem;
import java.util.function.Consumer;

/** Line numbers and counts while a parser walks a file, and the problem reports that carry them. */
final class Tally {
    private final String source;
    private final Consumer<LineProblem> problems;
    private long line;
    private long accepted;
    private long skipped;
    private long problemCount;

    Tally(String source, Consumer<LineProblem> problems) {
        this.source = source;
        this.problems = problems;
    }

    void nextLine() {
        line++;
    }

    long line() {
        return line;
    }

    void accepted() {
        accepted++;
    }

    void skipped() {
        skipped++;
    }

    void problem(String message) {
        problem(line, message);
    }

    void problem(long atLine, String message) {
        problemCount++;
        problems.accept(new LineProblem(source, atLine, message));
    }

    ParseSummary summary() {
        return new ParseSummary(line, accepted, skipped, problemCount);
    }
}
