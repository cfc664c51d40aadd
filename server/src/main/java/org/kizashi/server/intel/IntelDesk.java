package org.kizashi.server.intel;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.intel.exchange.StixExport;
import org.kizashi.intel.exchange.StixImport;
import org.kizashi.intel.stix.StixValidator;
import org.kizashi.intel.exchange.StixValidators;
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
