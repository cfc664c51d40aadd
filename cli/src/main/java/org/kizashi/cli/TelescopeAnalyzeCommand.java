package org.kizashi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.aggregate.DarknetSummary;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.analyze.AnalysisSettings;
import org.kizashi.telescope.analyze.TelescopeAnalysis;
import org.kizashi.telescope.capture.CaptureFormatException;
import org.kizashi.telescope.capture.CaptureReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * ./kizashi telescope analyze: offline analysis of captures. Reads every file (a damaged one up to the damage), prints
 * a summary, and writes the JSON report. Exit 0 when every file was read to its end, 2 when one was unusable or
 * truncated (the report then covers what was read).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analyse darknet captures (pcap or pcapng, optionally gzip-compressed): classify packets, "
                + "count sources, ports and countries, and find DoS victims, port surges and organisations' infected "
                + "hosts.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was read to its end", "1:the analysis failed (for example the JSON file could "
                + "not be written)", "2:bad usage, or a file was unusable or truncated (the report covers what was "
                + "read)"})
final class TelescopeAnalyzeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "capture files, read in the order given ('-' is standard input)")
    List<String> files;

    @Option(names = "--json", paramLabel = "OUT", description = "write the report as one JSON object to OUT ('-' for standard output)")
    String json;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "length of the top lists (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--threads", paramLabel = "N", description = "analyse with N threads, each reading the whole input "
            + "and keeping a share of it (default: one per processor; standard input is read by one)")
    Integer threads;

    @CommandLine.Mixin
    TelescopeOptions telescope = new TelescopeOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnalysisSettings settings = settings();
        List<TelescopeAlert> alerts = new ArrayList<>();
        List<FileOutcome> outcomes = new ArrayList<>();
        ProgressBar progress = ProgressBar.onTerminal(err);
        long knownTotal = totalSize();
        long doneBefore = 0;
        try (Enrichment enrichment = telescope.enrichment(spec.commandLine())) {
            AnalysisSettings enriched = settings.withEnricher(enrichment.enricher());
            int shards = shards();
            // Shard 0 runs here and speaks for all (every shard reads the same frames and meets the same faults);
            // the others run on threads of their own and keep quiet.
            List<TelescopeAnalysis> analyses = new ArrayList<>();
            List<List<TelescopeAlert>> alertsOfShards = new ArrayList<>();
            for (int shard = 0; shard < shards; shard++) {
                List<TelescopeAlert> found = new ArrayList<>();
                alertsOfShards.add(found);
                analyses.add(TelescopeAnalysis.shard(enriched, shard, shards, found::add));
            }
            List<ShardThread> others = new ArrayList<>();
            for (int shard = 1; shard < shards; shard++) {
                others.add(ShardThread.start(shard, analyses.get(shard), this::readQuietly));
            }
            TelescopeAnalysis analysis = analyses.get(0);
            for (String file : files) {
                FileOutcome outcome = readOne(file, analysis, progress, doneBefore, knownTotal, true);
                outcomes.add(outcome);
                doneBefore += outcome.bytes();
            }
            progress.finish();
            analysis.finish();
            DarknetAggregator aggregator = new DarknetAggregator(settings.aggregation());
            for (ShardThread other : others) {
                other.join();
                aggregator.merge(analysis.accumulator(), other.analysis().accumulator());
            }
            alertsOfShards.forEach(alerts::addAll);
            alerts.sort(TelescopeAlert.REPORT_ORDER);
            DarknetSummary summary = aggregator.result(analysis.accumulator());
            AnalysisReport report = new AnalysisReport(outcomes, settings.darknet(), analysis.counts(), summary, alerts,
                    enrichment.description());
            AnalysisText.print(report, out);
            if (json != null) {
                writeJson(report, out);
            }
        }
        boolean complete = outcomes.stream().allMatch(o -> o.error() == null);
        return complete ? 0 : 2;
    }

    /** What a shard other than the first does: read every file as the first does, reporting nothing. */
    private void readQuietly(TelescopeAnalysis analysis) {
        for (String file : files) {
            readOne(file, analysis, ProgressBar.silent(), 0, -1, false);
        }
        analysis.finish();
    }

    private int shards() {
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be between 1 and 256");
        }
        if (files.contains("-")) {
            return 1; // standard input can be read once only
        }
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    private FileOutcome readOne(String file, TelescopeAnalysis analysis, ProgressBar progress, long doneBefore,
                                long knownTotal, boolean speaks) {
        String label = "-".equals(file) ? CaptureReader.STANDARD_INPUT : file;
        PrintWriter err = speaks ? spec.commandLine().getErr() : new PrintWriter(PrintWriter.nullWriter());
        long before = analysis.counts().total();
        CaptureReader reader = null;
        try {
            reader = "-".equals(file) ? CaptureReader.standardInput() : CaptureReader.open(Path.of(file));
            while (reader.read(analysis, 65_536) > 0) {
                progress.update(label, knownTotal > 0 ? doneBefore + reader.position() : -1, knownTotal,
                        analysis.counts().total());
            }
            return new FileOutcome(label, analysis.counts().total() - before, reader.position(), null, -1);
        } catch (CaptureFormatException e) {
            progress.finish();
            err.println("kizashi: " + e.getMessage());
            return new FileOutcome(label, analysis.counts().total() - before, e.offset(), e.fault(), e.offset());
        } catch (NoSuchFileException e) {
            progress.finish();
            err.println("kizashi: " + label + ": no such file");
            return new FileOutcome(label, 0, 0, "no such file", -1);
        } catch (IOException e) {
            progress.finish();
            err.println("kizashi: " + label + ": " + Failures.oneLine(e));
            return new FileOutcome(label, analysis.counts().total() - before, reader == null ? 0 : reader.position(),
                    Failures.oneLine(e), -1);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // nothing was written; a failing close cannot lose data
                }
            }
        }
    }

    private long totalSize() {
        long total = 0;
        for (String file : files) {
            try {
                if ("-".equals(file) || file.endsWith(".gz")) {
                    return -1;
                }
                total += Files.size(Path.of(file));
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return total;
    }

    private AnalysisSettings settings() {
        if (top < 1 || top > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be between 1 and 10000");
        }
        AnalysisSettings settings = telescope.settings(spec.commandLine());
        return settings.withAggregation(settings.aggregation().withTopN(top));
    }

    private void writeJson(AnalysisReport report, PrintWriter out) throws IOException {
        if ("-".equals(json)) {
            out.println(AnalysisJson.write(report, telescope.organisationNames()));
            out.flush();
            return;
        }
        Path target = Path.of(json);
        try {
            Files.writeString(target, AnalysisJson.write(report, telescope.organisationNames()) + "\n");
        } catch (IOException e) {
            throw new IOException("cannot write the JSON report to " + target + ": " + Failures.oneLine(e), e);
        }
    }

    /** A shard of the analysis other than the first, on a thread of its own. */
    private record ShardThread(TelescopeAnalysis analysis, Thread thread, Throwable[] failure) {
        static ShardThread start(int shard, TelescopeAnalysis analysis, Consumer<TelescopeAnalysis> work) {
            Throwable[] failure = new Throwable[1];
            Thread thread = Thread.ofPlatform().daemon().name("kizashi-analyze-" + shard).start(() -> {
                try {
                    work.accept(analysis);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
            return new ShardThread(analysis, thread, failure);
        }

        /** Waits for the shard; its failure, if any, becomes this thread's. */
        void join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
            }
            if (failure[0] instanceof RuntimeException e) {
                throw e;
            }
            if (failure[0] instanceof Error e) {
                throw e;
            }
        }
    }

    /** How reading one file went. */
    record FileOutcome(String file, long frames, long bytes, String error, long errorOffset) {
    }
}
