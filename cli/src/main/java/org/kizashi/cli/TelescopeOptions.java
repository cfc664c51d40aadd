package org.kizashi.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.telescope.analyze.AnalysisSettings;
import org.kizashi.telescope.analyze.DarknetSpace;
import org.kizashi.telescope.detect.DosThresholds;
import org.kizashi.telescope.detect.SurgeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What `telescope analyze` and `telescope sensor` share: the darknet, organisations' ranges, enrichment and the
 * detection thresholds, turned into {@link AnalysisSettings}.
 */
final class TelescopeOptions {
    @Option(names = "--darknet", paramLabel = "CIDR", converter = PrefixConverter.class,
            description = "darknet prefix (repeatable); packets to other addresses count as not_darknet. Without it, "
                    + "every destination is darknet.")
    List<IpPrefix> darknet = new ArrayList<>();

    @Option(names = "--org", paramLabel = "NAME=CIDR", description = "an organisation's address range (repeatable): "
            + "packets from it into the darknet raise an infected_host alert (DAEDALUS)")
    List<String> organisations = new ArrayList<>();

    @Option(names = "--country-db", paramLabel = "FILE", description = "MaxMind-format country database (.mmdb), "
            + "for example GeoLite2-Country or DB-IP; default: the bundled one")
    Path countryDatabase;

    @Option(names = "--asn-db", paramLabel = "FILE", description = "MaxMind-format ASN database (.mmdb); default: "
            + "the bundled one")
    Path asnDatabase;

    @Option(names = "--no-geo", description = "do not look up countries and ASNs")
    boolean noGeo;

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

    /** @throws CommandLine.ParameterException (exit code 2) for a malformed --org or threshold */
    AnalysisSettings settings(CommandLine commandLine) {
        DosThresholds dos;
        SurgeSettings surges;
        try {
            dos = new DosThresholds(dosMinPackets, dosMinDuration, dosMinPeakPerMinute, DosThresholds.CORSARO.window(),
                    DosThresholds.CORSARO.windowStep(), dosIdle);
            surges = SurgeSettings.DEFAULTS.withInterval(surgeInterval).withMinSources(surgeMinSources);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        return AnalysisSettings.defaults()
                .withDarknet(darknet.isEmpty() ? DarknetSpace.everything() : DarknetSpace.of(darknet))
                .withDos(dos)
                .withSurges(surges)
                .withOrganisationNetworks(organisationNetworks(commandLine));
    }

    /** The --org ranges, numbered from 1 in the order given; the number is the organisation's id in alerts. */
    List<OrganisationNetwork> organisationNetworks(CommandLine commandLine) {
        List<OrganisationNetwork> networks = new ArrayList<>();
        for (String spec : organisations) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new CommandLine.ParameterException(commandLine,
                        "--org expects NAME=CIDR, for example --org example-corp=198.51.100.0/24 (got '" + spec + "')");
            }
            IpPrefix prefix;
            try {
                prefix = IpPrefix.parse(spec.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "--org " + spec + ": " + e.getMessage());
            }
            int id = networks.size() + 1;
            networks.add(new OrganisationNetwork(id, id, prefix, spec.substring(0, eq)));
        }
        return networks;
    }

    /** Organisation id (as in {@link #organisationNetworks}) to the NAME given with --org. */
    Map<Long, String> organisationNames() {
        Map<Long, String> names = new HashMap<>();
        for (int i = 0; i < organisations.size(); i++) {
            String spec = organisations.get(i);
            names.put((long) i + 1, spec.substring(0, Math.max(0, spec.indexOf('='))));
        }
        return names;
    }

    /** @throws CommandLine.ParameterException naming the file when a database is missing or unreadable */
    Enrichment enrichment(CommandLine commandLine) {
        try {
            return Enrichment.open(countryDatabase, asnDatabase, noGeo);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, Failures.oneLine(e));
        }
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
