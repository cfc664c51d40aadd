package org.kizashi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress display for long-running commands, redrawn in place on a terminal at most five times a second.
 * Off a terminal (a pipe, a log file, a test) it prints nothing, so that output stays clean.
 */
final class ProgressBar {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private final String unit;
    private final long startNanos;
    private long lastDrawNanos;
    private int lastLength;

    ProgressBar(PrintWriter out, boolean enabled, LongSupplier nanoTime) {
        this(out, enabled, nanoTime, "packets");
    }

    ProgressBar(PrintWriter out, boolean enabled, LongSupplier nanoTime, String unit) {
        this.out = out;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.unit = unit;
        this.startNanos = nanoTime.getAsLong();
        this.lastDrawNanos = startNanos - REDRAW_NANOS;
    }

    /** Enabled when standard error, where it draws, is a terminal. */
    static ProgressBar onTerminal(PrintWriter err) {
        return onTerminal(err, "packets");
    }

    /** Counting {@code unit} ("lines", "objects") instead of packets. */
    static ProgressBar onTerminal(PrintWriter err, String unit) {
        return new ProgressBar(err, standardErrorIsTerminal(), System::nanoTime, unit);
    }

    /** Draws nothing, ever. */
    static ProgressBar silent() {
        return new ProgressBar(new PrintWriter(PrintWriter.nullWriter()), false, System::nanoTime);
    }

    /**
     * True when standard error is a terminal. {@code System.console()} does not tell: it wants standard input and
     * output on a terminal too, and standard input is often a pipe (from tcpdump) or output a file; on Linux, /proc
     * does.
     */
    static boolean standardErrorIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return interactive();
        }
    }

    /**
     * Elsewhere: true when a person watches. From JDK 22 on, {@code System.console()} also answers when output is
     * redirected, and {@code Console.isTerminal()} (not in Java 21's API, hence reflection) tells the difference.
     */
    private static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only on a terminal
        }
    }

    /**
     * @param label what is being worked on (a file name)
     * @param done  bytes done, or -1 when unknown
     * @param total bytes in all, or -1 when unknown (then no bar, only counts and rate)
     * @param items packets so far
     */
    void update(String label, long done, long total, long items) {
        long now = nanoTime.getAsLong();
        if (!enabled || now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        draw(line(label, done, total, items, now - startNanos, unit));
    }

    /** Clears the line, so that what follows starts clean. */
    void finish() {
        if (enabled && lastLength > 0) {
            draw("");
            lastLength = 0;
        }
    }

    static String line(String label, long done, long total, long items, long elapsedNanos) {
        return line(label, done, total, items, elapsedNanos, "packets");
    }

    static String line(String label, long done, long total, long items, long elapsedNanos, String unit) {
        StringBuilder b = new StringBuilder();
        if (total > 0 && done >= 0) {
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            b.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", Math.round(fraction * 100)));
        }
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        b.append(Numbers.compact(items)).append(' ').append(unit).append(", ")
                .append(Numbers.compact(Math.round(items / seconds))).append(' ').append(unit).append("/s  ")
                .append(label);
        return b.toString();
    }

    private void draw(String line) {
        String padding = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
        out.print("\r" + line + padding + (line.isEmpty() ? "\r" : ""));
        out.flush();
        lastLength = line.length();
    }
}
