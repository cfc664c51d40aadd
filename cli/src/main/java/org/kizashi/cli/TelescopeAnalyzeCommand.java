package org.kizashi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.aggregate.DarknetSummary;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.analyze.AnalysisSettings;
import org.kizashi.telescope.analyze.DarknetSpace;
import org.kizashi.telescope.analyze.TelescopeAnalysis;
import org.kizashi.telescope.capture.CaptureFormatException;
import org.kizashi.telescope.capture.CaptureReader;
import org.kizashi.telescope.detect.DosThresholds;
import org.kizashi.telescope.detect.SurgeSettings;
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

    @Option(names = "--darknet", paramLabel = "CIDR", converter = PrefixConverter.class,
            description = "darknet prefix (repeatable); packets to other addresses count as not_darknet. Without it, "
                    + "every destination is darknet.")
    List<IpPrefix> darknet = new ArrayList<>();

    @Option(names = "--json", paramLabel = "OUT", description = "write the report as one JSON object to OUT ('-' for standard output)")
    String json;

    @Option(names = "--org", paramLabel = "NAME=CIDR", description = "an organisation's address range (repeatable): "
            + "packets from it into the darknet raise an infected_host alert (DAEDALUS)")
    List<String> organisations = new ArrayList<>();

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "length of the top lists (default: ${DEFAULT-VALUE})")
    int top;

    @CommandLine.ArgGroup(validate = false, heading = "%nEnrichment:%n")
    GeoOptions geo = new GeoOptions();

    @CommandLine.ArgGroup(validate = false, heading = "%nDetection thresholds:%n")
    Thresholds thresholds = new Thresholds();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class GeoOptions {
        @Option(names = "--country-db", paramLabel = "FILE", description = "MaxMind-format country database (.mmdb), "
                + "for example GeoLite2-Country or DB-IP; default: the bundled one")
        Path countryDatabase;

        @Option(names = "--asn-db", paramLabel = "FILE", description = "MaxMind-format ASN database (.mmdb); default: the bundled one")
        Path asnDatabase;

        @Option(names = "--no-geo", description = "do not look up countries and ASNs")
        boolean none;
    }

    static final class Thresholds {
        @Option(names = "--dos-min-packets", paramLabel = "N", defaultValue = "25",
                description = "backscatter packets a DoS attack needs (default: ${DEFAULT-VALUE})")
        long dosMinPackets;

        @Option(names = "--dos-min-duration", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
                description = "shortest DoS attack (default: ${DEFAULT-VALUE})")
        Duration dosMinDuration;

        @Option(names = "--dos-min-ppm", paramLabel = "N", defaultValue = "30",
                description = "peak packets per minute a DoS attack needs (default: ${DEFAULT-VALUE})")
        double dosMinPeakPerMinute;

        @Option(names = "--dos-idle", paramLabel = "DURATION", defaultValue = "300s", converter = DurationConverter.class,
                description = "silence that ends a DoS attack (default: ${DEFAULT-VALUE})")
        Duration dosIdle;

        @Option(names = "--surge-interval", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
                description = "interval surges are counted in (default: ${DEFAULT-VALUE})")
        Duration surgeInterval;

        @Option(names = "--surge-min-sources", paramLabel = "N", defaultValue = "20",
                description = "distinct sources a port needs in an interval to be a surge (default: ${DEFAULT-VALUE})")
        long surgeMinSources;
    }

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
        try (Enrichment enrichment = Enrichment.open(geo.countryDatabase, geo.asnDatabase, geo.none)) {
            TelescopeAnalysis analysis = new TelescopeAnalysis(settings.withEnricher(enrichment.enricher()), alerts::add);
            for (String file : files) {
                FileOutcome outcome = readOne(file, analysis, progress, doneBefore, knownTotal);
                outcomes.add(outcome);
                doneBefore += outcome.bytes();
            }
            progress.finish();
            analysis.finish();
            DarknetSummary summary = new DarknetAggregator(settings.aggregation()).result(analysis.accumulator());
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

    private FileOutcome readOne(String file, TelescopeAnalysis analysis, ProgressBar progress, long doneBefore,
                                long knownTotal) {
        String label = "-".equals(file) ? CaptureReader.STANDARD_INPUT : file;
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
            spec.commandLine().getErr().println("kizashi: " + e.getMessage());
            return new FileOutcome(label, analysis.counts().total() - before, e.offset(), e.fault(), e.offset());
        } catch (NoSuchFileException e) {
            progress.finish();
            spec.commandLine().getErr().println("kizashi: " + label + ": no such file");
            return new FileOutcome(label, 0, 0, "no such file", -1);
        } catch (IOException e) {
            progress.finish();
            spec.commandLine().getErr().println("kizashi: " + label + ": " + Failures.oneLine(e));
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
        List<OrganisationNetwork> networks = new ArrayList<>();
        for (String spec : organisations) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new CommandLine.ParameterException(this.spec.commandLine(),
                        "--org expects NAME=CIDR, for example --org example-corp=198.51.100.0/24 (got '" + spec + "')");
            }
            IpPrefix prefix;
            try {
                prefix = IpPrefix.parse(spec.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(this.spec.commandLine(), "--org " + spec + ": " + e.getMessage());
            }
            int id = networks.size() + 1;
            networks.add(new OrganisationNetwork(id, id, prefix, spec.substring(0, eq)));
        }
        DosThresholds dos;
        SurgeSettings surges;
        try {
            dos = new DosThresholds(thresholds.dosMinPackets, thresholds.dosMinDuration, thresholds.dosMinPeakPerMinute,
                    DosThresholds.CORSARO.window(), DosThresholds.CORSARO.windowStep(), thresholds.dosIdle);
            surges = SurgeSettings.DEFAULTS.withInterval(thresholds.surgeInterval)
                    .withMinSources(thresholds.surgeMinSources);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (top < 1 || top > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be between 1 and 10000");
        }
        AnalysisSettings defaults = AnalysisSettings.defaults();
        return defaults
                .withDarknet(darknet.isEmpty() ? DarknetSpace.everything() : DarknetSpace.of(darknet))
                .withAggregation(defaults.aggregation().withTopN(top))
                .withDos(dos)
                .withSurges(surges)
                .withOrganisationNetworks(networks);
    }

    private void writeJson(AnalysisReport report, PrintWriter out) throws IOException {
        if ("-".equals(json)) {
            out.println(AnalysisJson.write(report, networkNames()));
            out.flush();
            return;
        }
        Path target = Path.of(json);
        try {
            Files.writeString(target, AnalysisJson.write(report, networkNames()) + "\n");
        } catch (IOException e) {
            throw new IOException("cannot write the JSON report to " + target + ": " + Failures.oneLine(e), e);
        }
    }

    private java.util.Map<Long, String> networkNames() {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        for (int i = 0; i < organisations.size(); i++) {
            String spec = organisations.get(i);
            names.put((long) i + 1, spec.substring(0, spec.indexOf('=')));
        }
        return names;
    }

    /** How reading one file went. */
    record FileOutcome(String file, long frames, long bytes, String error, long errorOffset) {
    }

    static final class PrefixConverter implements CommandLine.ITypeConverter<IpPrefix> {
        @Override
        public IpPrefix convert(String value) {
            try {
                return IpPrefix.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
