package org.kizashi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.kizashi.active.dns.ZoneHistory;
import org.kizashi.active.LineProblem;
import org.kizashi.active.list.ListFileReader;
import org.kizashi.active.list.ListImport;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzValidator;
import org.kizashi.active.rpz.RpzZone;
import org.kizashi.core.active.PolicyAction;
import org.xbill.DNS.Name;

/**
 * RPZ build and validation from a million list entries (goal: at most 10 s), and the memory a million entries take
 * (goal: at most 150 bytes an entry).
 *
 * <p>Time: the work of {@code ./kizashi active rpz --list FILE --out FILE} (read and parse the list, import, build
 * the policy set, make the zone, validate it record by record, write the zone file next to the target and move it
 * into place) measured four ways, in rotating order within each repetition: in this JVM after one warm-up; the
 * command itself as a subprocess ({@code ./kizashi}, the launcher's checks and JVM start included); the launcher's
 * {@code java -XX:+UseZGC -jar cli/target/kizashi.jar} line without the launcher; and the same with G1, the JVM's
 * default collector. Medians are reported. In process, each stage is timed too, to show where the time goes. The
 * launcher rebuilds the platform when a source is newer than its jar, so before each timed run it is given an untimed
 * {@code ./kizashi --version}; if that build fails (someone else's change), the launcher's way is dropped with a
 * note and the others go on.
 *
 * <p>Memory: {@link PolicySet#memoryBytes()} per entry, the heap actually held by the set (used heap after
 * {@code System.gc()} with the set held, minus before, divided by the entries), and the heap held by the cached
 * full-transfer messages ({@link ZoneHistory#prepareTransfer()}, measured the same way).
 *
 * <pre>java -cp bench/target/benchmarks.jar org.kizashi.bench.RpzBuild [--entries N] [--reps N] [--list FILE]
 *     [--no-command] [--no-memory] [--memory-only] [--root DIR]</pre>
 */
public final class RpzBuild {
    /** The zone the benchmarks publish (the command's default). */
    static final Name ORIGIN = Name.fromConstantString("rpz.kizashi.");

    private RpzBuild() {
    }

    /** One build: the zone, what was merged or left out, and the stage times (read+import, build, validate, write). */
    record Built(RpzZone zone, long merged, long problems, long[] stageNanos) {
        long totalNanos() {
            return Arrays.stream(stageNanos).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        int entries = ActiveLists.MILLION;
        int reps = 5;
        Path list = null;
        boolean command = true;
        boolean memory = true;
        boolean timing = true;
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> entries = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--list" -> list = Path.of(args[++i]);
                case "--no-command" -> command = false;
                case "--no-memory" -> memory = false;
                case "--memory-only" -> timing = false;
                case "--root" -> root = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dir = ActiveLists.workDirectory();
        Files.createDirectories(dir);
        if (list == null) {
            list = ActiveLists.listFile(dir, entries);
        }
        warmPageCache(list);
        System.out.printf(Locale.ROOT, "list: %s, %,d bytes; JVM %s, %d processors, max heap %,d MB%n", list,
                Files.size(list), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        if (timing) {
            time(list, dir, reps, command ? root : null);
        }
        if (memory) {
            memory(list);
        }
    }

    // ---- time -------------------------------------------------------------------------------------------------------

    /** A way of running the build, timed in each repetition; {@code problem} set when it cannot run any more. */
    private static final class Way {
        final String name;
        final List<String> command; // null: in process
        final List<Double> seconds = new ArrayList<>();
        final List<long[]> stages = new ArrayList<>();
        String problem;

        Way(String name, List<String> command) {
            this.name = name;
            this.command = command;
        }
    }

    private static void time(Path list, Path dir, int reps, Path root) throws Exception {
        Path inProcessOut = dir.resolve("rpz-inprocess.zone");
        String listPath = list.toAbsolutePath().toString();
        List<Way> ways = new ArrayList<>();
        ways.add(new Way("in process (this JVM, warm)", null));
        Path launcher = root == null ? null : root.resolve("kizashi").toAbsolutePath();
        Path cliJar = root == null ? null : root.resolve("cli/target/kizashi.jar");
        if (root != null && Files.isExecutable(launcher) && Files.isRegularFile(cliJar)) {
            // A copy: others' builds may rewrite the jar while this runs. The launcher uses the jar it finds.
            Path jar = Files.copy(cliJar, dir.resolve("kizashi-cli.jar"), StandardCopyOption.REPLACE_EXISTING)
                    .toAbsolutePath();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ways.add(new Way("./kizashi active rpz (whole process)", List.of(launcher.toString(), "active", "rpz",
                    "--list", listPath, "--out", dir.resolve("rpz-command.zone").toAbsolutePath().toString())));
            // The launcher's own java line (ZGC), then the same with G1: what the launcher and the GC cost.
            ways.add(new Way("java -XX:+UseZGC -jar kizashi.jar active rpz", List.of(java, "-Dstdout.encoding=UTF-8",
                    "-Dstderr.encoding=UTF-8", "-XX:+UseZGC", "-jar", jar.toString(), "active", "rpz", "--list",
                    listPath, "--out", dir.resolve("rpz-jar-zgc.zone").toAbsolutePath().toString())));
            ways.add(new Way("java -XX:+UseG1GC -jar kizashi.jar active rpz", List.of(java,
                    "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "-XX:+UseG1GC", "-jar", jar.toString(),
                    "active", "rpz", "--list", listPath, "--out",
                    dir.resolve("rpz-jar-g1.zone").toAbsolutePath().toString())));
        } else if (root != null) {
            System.out.println("./kizashi or cli/target/kizashi.jar not found under " + root.toAbsolutePath()
                    + ": only the in-process build is timed");
        }

        System.err.println("warm-up: in process (cold JVM)");
        report("warm-up in process (cold JVM)", build(list, inProcessOut, Instant.now()));
        if (ways.size() > 1) {
            // The launcher rebuilds the platform when a source is newer than its jar: that happens here, untimed.
            System.err.println("warm-up: ./kizashi active rpz (a rebuild by the launcher, if any, happens here)");
            Way command = ways.get(1);
            try {
                double seconds = runProcess(command.command, root, dir.resolve("rpz-command-warmup.log"));
                System.out.printf(Locale.ROOT, "warm-up ./kizashi active rpz: %.2f s%n", seconds);
            } catch (IllegalStateException e) {
                command.problem = "the launcher failed (see " + dir.resolve("rpz-command-warmup.log") + ")";
                System.out.println("warm-up ./kizashi active rpz: " + command.problem);
            }
        }
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < ways.size(); k++) {
                // Rotate the order so that no way always runs right after another.
                Way way = ways.get((rep + k) % ways.size());
                if (way.problem != null) {
                    continue;
                }
                System.err.printf(Locale.ROOT, "rep %d/%d: %s%n", rep + 1, reps, way.name);
                if (way.command == null) {
                    Built built = build(list, inProcessOut, Instant.now());
                    way.seconds.add(built.totalNanos() / 1e9);
                    way.stages.add(built.stageNanos());
                    report("rep " + (rep + 1) + " " + way.name, built);
                    continue;
                }
                Path log = dir.resolve("rpz-" + ways.indexOf(way) + ".log");
                try {
                    if (way == ways.get(1)) {
                        // Others may have changed a source since: any rebuild by the launcher happens here, untimed.
                        runProcess(List.of(launcher.toString(), "--version"), root, log);
                    }
                    double seconds = runProcess(way.command, root, log);
                    way.seconds.add(seconds);
                    System.out.printf(Locale.ROOT, "rep %d %s: %.2f s%n", rep + 1, way.name, seconds);
                } catch (IllegalStateException e) {
                    way.problem = "failed in repetition " + (rep + 1) + " (see " + log + ")";
                    System.out.println("rep " + (rep + 1) + " " + way.name + ": " + way.problem);
                }
            }
        }
        Way inProcess = ways.get(0);
        long[] medianStages = new long[4];
        for (int s = 0; s < 4; s++) {
            double[] values = new double[inProcess.stages.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = inProcess.stages.get(i)[s];
            }
            medianStages[s] = (long) median(values);
        }
        System.out.printf(Locale.ROOT, "SUMMARY rpz build in process (median of %d): %.2f s (goal: at most 10 s); "
                + "stages: read+import %.2f, build %.2f, validate %.2f, write %.2f%n", inProcess.seconds.size(),
                median(inProcess.seconds), medianStages[0] / 1e9, medianStages[1] / 1e9, medianStages[2] / 1e9,
                medianStages[3] / 1e9);
        for (Way way : ways.subList(1, ways.size())) {
            if (way.seconds.isEmpty()) {
                System.out.printf(Locale.ROOT, "SUMMARY %s: not measured: %s%n", way.name, way.problem);
                continue;
            }
            System.out.printf(Locale.ROOT, "SUMMARY %s (median of %d): %.2f s%s%s%n", way.name, way.seconds.size(),
                    median(way.seconds), way == ways.get(1) ? " (goal: at most 10 s)" : "",
                    way.problem == null ? "" : "; then " + way.problem);
        }
        long lines = lineCount(inProcessOut);
        for (Way way : ways.subList(1, ways.size())) {
            Path out = Path.of(way.command.get(way.command.size() - 1));
            if (!way.seconds.isEmpty() && lineCount(out) != lines) {
                throw new IllegalStateException(out + " has " + lineCount(out) + " lines, the in-process zone "
                        + lines);
            }
        }
        System.out.printf(Locale.ROOT, "zone files: %,d lines, %,d bytes (the same line count for every way)%n",
                lines, Files.size(inProcessOut));
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static void report(String what, Built built) {
        long[] s = built.stageNanos();
        System.out.printf(Locale.ROOT, "%s: %.2f s (read+import %.2f, build %.2f, validate %.2f, write %.2f); "
                        + "%,d entries, %,d merged, %,d lines left out%n", what, built.totalNanos() / 1e9, s[0] / 1e9,
                s[1] / 1e9, s[2] / 1e9, s[3] / 1e9, built.zone().policies().size(), built.merged(),
                built.problems());
    }

    /**
     * What {@code ./kizashi active rpz --list LIST --out OUT} does (ActiveRpzCommand), without its progress bar and
     * messages: read the list, import, build, validate, write next to the target and move it into place.
     */
    static Built build(Path list, Path out, Instant now) throws IOException {
        long start = System.nanoTime();
        Read read = readPolicies(list, now);
        long builtAt = System.nanoTime();
        RpzZone zone = new RpzZone(RpzZone.Settings.of(ORIGIN, null), now.getEpochSecond(), read.policies());
        RpzValidator.Result validation = RpzValidator.validate(zone);
        if (!validation.valid()) {
            throw new IllegalStateException("the zone failed validation: " + validation.problems());
        }
        long validatedAt = System.nanoTime();
        zone.writeZoneFile(out);
        long writtenAt = System.nanoTime();
        return new Built(zone, read.merged(), read.problems(), new long[] {read.importedAt() - start,
            builtAt - read.importedAt(), validatedAt - builtAt, writtenAt - validatedAt});
    }

    /** The policy set read from a list, the entries merged and left out, and when the import (before build) ended. */
    record Read(PolicySet policies, long merged, long problems, long importedAt) {
    }

    /** Read, parse and import the list, then build the policy set (the command's first half). */
    static Read readPolicies(Path list, Instant now) throws IOException {
        ListImport imported = new ListImport(ORIGIN);
        long[] problems = {0};
        List<LineProblem> shown = new ArrayList<>();
        Consumer<LineProblem> onProblem = problem -> {
            problems[0]++;
            if (shown.size() < 5) {
                shown.add(problem);
            }
        };
        ListFileReader.Options options = new ListFileReader.Options(PolicyAction.NXDOMAIN,
                list.getFileName().toString(), "", now, null);
        String label = list.toString();
        ListFileReader.read(list, options, (entry, line) -> imported.add(label, line, entry, onProblem), onProblem);
        problems[0] += imported.urls().size();
        if (!shown.isEmpty()) {
            System.err.println("lines left out, for example: " + shown);
        }
        long importedAt = System.nanoTime();
        return new Read(imported.policies().build(), imported.merged(), problems[0], importedAt);
    }


    /** Runs a command to its end, output to {@code log}; its wall time in seconds. */
    static double runProcess(List<String> command, Path directory, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        long start = System.nanoTime();
        Process process = builder.start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ":\n"
                    + Files.readString(log));
        }
        return seconds;
    }

    // ---- memory -----------------------------------------------------------------------------------------------------

    private static void memory(Path list) throws IOException {
        System.err.println("memory: building the policy set with the heap measured before and after");
        long before = usedHeapAfterGc();
        PolicySet policies = readPolicies(list, Instant.now()).policies();
        long held = usedHeapAfterGc() - before;
        int size = policies.size();
        System.out.printf(Locale.ROOT, "SUMMARY memory per entry: PolicySet.memoryBytes() %.1f B; measured heap "
                        + "%.1f B (%,d bytes for %,d entries; goal: at most 150 B)%n",
                (double) policies.memoryBytes() / size, (double) held / size, held, size);
        System.err.println("memory: validating the zone (ZoneHistory) and rendering the full transfer");
        ZoneHistory history = new ZoneHistory(RpzZone.Settings.of(ORIGIN, null), policies, Clock.systemUTC());
        long beforeTransfer = usedHeapAfterGc();
        long start = System.nanoTime();
        history.prepareTransfer();
        double renderSeconds = (System.nanoTime() - start) / 1e9;
        long transfer = usedHeapAfterGc() - beforeTransfer;
        System.out.printf(Locale.ROOT, "SUMMARY cached transfer messages: %,d bytes of heap, %.1f B per entry "
                + "(rendered in %.2f s)%n", transfer, (double) transfer / size, renderSeconds);
        System.out.printf(Locale.ROOT, "SUMMARY memory per entry with the cached transfer: %.1f B%n",
                (double) (held + transfer) / size);
        Reference.reachabilityFence(history);
        Reference.reachabilityFence(policies);
    }

    /** Used heap after several full collections. */
    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = 0;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = memory.getHeapMemoryUsage().getUsed();
        }
        return used;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static void warmPageCache(Path file) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.read(buffer) >= 0) {
                // reading is the point
            }
        }
    }

    private static long lineCount(Path file) throws IOException {
        long lines = 0;
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }
}
