package org.kizashi.cli;

import java.util.List;
import org.kizashi.aggregate.DarknetSummary;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.analyze.DarknetSpace;
import org.kizashi.telescope.analyze.PacketCounts;

/** What `telescope analyze` found, for the text summary and the JSON report alike. */
record AnalysisReport(List<TelescopeAnalyzeCommand.FileOutcome> files, DarknetSpace darknet, PacketCounts counts,
                      DarknetSummary summary, List<TelescopeAlert> alerts, String geolocation) {

    List<DosAttack> dosAttacks() {
        return alerts.stream().filter(DosAttack.class::isInstance).map(DosAttack.class::cast)
                .sorted((a, b) -> a.start().compareTo(b.start())).toList();
    }

    /** Every alert but the DoS attacks, which have a list of their own. */
    List<TelescopeAlert> otherAlerts() {
        return alerts.stream().filter(a -> !(a instanceof DosAttack)).toList();
    }
}
