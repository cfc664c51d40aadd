package org.kizashi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.BiFunction;

/** What a command printed and returned, for tests. */
record CliRun(int exit, String out, String err) {
    /** Runs ./kizashi with these arguments. */
    static CliRun main(String... args) {
        return capture((out, err) -> Main.run(args, out, err));
    }

    /** Runs whatever {@code command} does with the two writers and returns its exit code. */
    static CliRun capture(BiFunction<PrintWriter, PrintWriter, Integer> command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = command.apply(new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(exit, out.toString(), err.toString());
    }
}
