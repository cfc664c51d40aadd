package org.kizashi.telescope.analyze;

import java.util.List;
import java.util.Objects;
import org.kizashi.aggregate.DarknetAggregatorConfig;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.telescope.detect.DosThresholds;
import org.kizashi.telescope.detect.SurgeSettings;
import org.kizashi.telescope.enrich.SourceEnricher;

/**
 * Everything a {@link TelescopeAnalysis} needs to know: which addresses are darknet, how sources are enriched, how
 * packets are aggregated, and the thresholds of the detectors.
 *
 * @param organisationNetworks registered ranges of organisations: darknet packets from these raise DAEDALUS-style
 *                             alerts
 */
public record AnalysisSettings(DarknetSpace darknet, SourceEnricher enricher, DarknetAggregatorConfig aggregation,
                               DosThresholds dos, SurgeSettings surges,
                               List<OrganisationNetwork> organisationNetworks) {
    public AnalysisSettings {
        Objects.requireNonNull(darknet, "darknet");
        Objects.requireNonNull(enricher, "enricher");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(dos, "dos");
        Objects.requireNonNull(surges, "surges");
        organisationNetworks = List.copyOf(organisationNetworks);
    }

    /** Everything is darknet, no enrichment, default aggregation, corsaro's DoS thresholds, no organisations. */
    public static AnalysisSettings defaults() {
        return new AnalysisSettings(DarknetSpace.everything(), SourceEnricher.NONE, DarknetAggregatorConfig.defaults(),
                DosThresholds.CORSARO, SurgeSettings.DEFAULTS, List.of());
    }

    public AnalysisSettings withDarknet(DarknetSpace newDarknet) {
        return new AnalysisSettings(newDarknet, enricher, aggregation, dos, surges, organisationNetworks);
    }

    public AnalysisSettings withEnricher(SourceEnricher newEnricher) {
        return new AnalysisSettings(darknet, newEnricher, aggregation, dos, surges, organisationNetworks);
    }

    public AnalysisSettings withAggregation(DarknetAggregatorConfig newAggregation) {
        return new AnalysisSettings(darknet, enricher, newAggregation, dos, surges, organisationNetworks);
    }

    public AnalysisSettings withDos(DosThresholds newDos) {
        return new AnalysisSettings(darknet, enricher, aggregation, newDos, surges, organisationNetworks);
    }

    public AnalysisSettings withSurges(SurgeSettings newSurges) {
        return new AnalysisSettings(darknet, enricher, aggregation, dos, newSurges, organisationNetworks);
    }

    public AnalysisSettings withOrganisationNetworks(List<OrganisationNetwork> networks) {
        return new AnalysisSettings(darknet, enricher, aggregation, dos, surges, networks);
    }
}
