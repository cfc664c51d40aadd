package org.kizashi.server.intel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.intel.exchange.StixExport;
import org.kizashi.intel.exchange.StixImport;
import org.kizashi.intel.exchange.StixValidators;
import org.kizashi.intel.misp.MispConversion;
import org.kizashi.intel.misp.MispFormatException;
import org.kizashi.intel.misp.MispImport;
import org.kizashi.intel.stix.StixValidator;
import org.kizashi.store.Database;

/**
 * The sharing hub's import and export over one database, for the command line (and, later, the web UI): names of
 * communities and organisations resolved, the validator with the real STIX pattern parser wired in.
 */
public final class IntelDesk {
    private final Database database;
    private final ObjectMapper json = new ObjectMapper();
    private final StixValidator validator = StixValidators.withPatterns();

    public IntelDesk(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** A community by name or by its TAXII collection id. */
    public Community community(String nameOrCollection) {
        return database.communities().byCollection(nameOrCollection)
                .or(() -> database.communities().communities().stream()
                        .filter(c -> c.name().equals(nameOrCollection)).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("no community '" + nameOrCollection + "' (known: "
                        + String.join(", ", database.communities().communities().stream().map(Community::name)
                        .toList()) + ")"));
    }

    public Organisation organisation(String name) {
        return database.organisations().findByName(name)
                .orElseThrow(() -> new IllegalArgumentException("no organisation '" + name + "'"));
    }

    /** Imports one bundle into a community at a level, on behalf of a provider. */
    public ImportReport importBundle(InputStream in, String source, Community community, SharingLevel level,
                                     Organisation provider, boolean anonymised, IntConsumer progress)
            throws StixImport.Interrupted {
        StixImport importer = new StixImport(validator, database.stixObjects(), json);
        return importer.read(in, source, new SharingScope(community.id(), level, provider.id()), anonymised, progress);
    }

    /** What a MISP import did: one report per event and level, and the converter's warnings. */
    public record MispOutcome(List<ImportReport> reports, List<String> warnings) {
    }

    /**
     * Imports MISP events (an export of one event or a search response) into a community: each event is converted to
     * STIX 2.1, and each object stored at the level asked for or the narrower one its event or attribute allows (TLP
     * tags, distribution), never wider.
     *
     * @throws MispFormatException when the JSON is not a MISP export (naming the JSON Pointer)
     */
    public MispOutcome importMisp(InputStream in, String source, Community community, SharingLevel level,
                                  Organisation provider, boolean anonymised)
            throws IOException, MispFormatException, StixImport.Interrupted {
        List<ImportReport> reports = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (MispConversion event : new MispImport().convert(json.readTree(in))) {
            Map<SharingLevel, List<ObjectNode>> byLevel = new EnumMap<>(SharingLevel.class);
            for (ObjectNode object : event.objects()) {
                SharingLevel allowed = event.levelByObjectId().getOrDefault(object.path("id").asText(),
                        event.widestLevel());
                SharingLevel effective = allowed.atLeastAsWideAs(level) ? level : allowed;
                byLevel.computeIfAbsent(effective, l -> new ArrayList<>()).add(object);
            }
            for (Map.Entry<SharingLevel, List<ObjectNode>> group : byLevel.entrySet()) {
                ObjectNode bundle = json.createObjectNode();
                bundle.put("type", "bundle");
                bundle.put("id", "bundle--" + UUID.randomUUID());
                bundle.putArray("objects").addAll(group.getValue());
                reports.add(importBundle(new ByteArrayInputStream(json.writeValueAsBytes(bundle)),
                        source + " (MISP event " + event.eventUuid() + ", " + group.getKey().id() + ")", community,
                        group.getKey(), provider, anonymised, n -> { }));
            }
            event.warnings().forEach(w -> warnings.add("MISP event " + event.eventUuid() + ": " + w));
        }
        return new MispOutcome(reports, warnings);
    }

    /** Exports what the audience of a level may read in the communities given; returns the number of objects. */
    public long exportBundle(List<Community> communities, SharingLevel level, OutputStream out, LongConsumer progress)
            throws IOException {
        return new StixExport(database.stixObjects(), json)
                .write(communities.stream().map(Community::id).toList(), level, out, progress);
    }

    public List<Community> communities() {
        return database.communities().communities();
    }
}
