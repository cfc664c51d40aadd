package org.kizashi.intel.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.ObjectPage;
import org.kizashi.core.intel.ObjectQuery;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.StixObjectRepository;
import org.kizashi.core.intel.StoredObject;
import org.kizashi.intel.marking.HubMarkings;

/**
 * Exports what an audience may read as one STIX 2.1 bundle: the latest version of every object of a community at
 * the level asked for or wider, each carrying the hub marking of its level and the TLP 2.0 marking that stands for
 * it outside the hub (ADR 0017); then the hub's identity, extension definition and the marking definitions used.
 * Written as a stream, a page at a time.
 */
public final class StixExport {
    static final int PAGE = 1000;

    private final StixObjectRepository objects;
    private final ObjectMapper json;

    public StixExport(StixObjectRepository objects, ObjectMapper json) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.json = Objects.requireNonNull(json, "json");
    }

    /**
     * Writes the bundle for the audience of {@code level} in each community given, and returns the number of objects
     * exported (not counting the hub's own markings).
     *
     * @param progress told the number of objects written so far, after each page
     */
    public long write(List<Long> communityIds, SharingLevel level, OutputStream out, LongConsumer progress)
            throws IOException {
        Set<SharingLevel> used = EnumSet.noneOf(SharingLevel.class);
        long written = 0;
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("type", "bundle");
            g.writeStringField("id", "bundle--" + UUID.randomUUID());
            g.writeArrayFieldStart("objects");
            for (long community : communityIds) {
                IntelReader audience = IntelReader.audienceOf(community, level);
                ObjectQuery query = ObjectQuery.latest(PAGE);
                while (true) {
                    ObjectPage page = objects.find(audience, community, query);
                    for (StoredObject stored : page.objects()) {
                        SharingLevel objectLevel = stored.scope().level();
                        used.add(objectLevel);
                        g.writeTree(served(stored, audience));
                        written++;
                    }
                    progress.accept(written);
                    if (!page.more()) {
                        break;
                    }
                    query = query.withAddedAfter(page.objects().getLast().dateAdded());
                }
            }
            g.writeTree(HubMarkings.hubIdentity());
            g.writeTree(HubMarkings.extensionDefinition());
            for (SharingLevel l : used) {
                g.writeTree(HubMarkings.markingDefinition(l));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return written;
    }

    private ObjectNode served(StoredObject stored, IntelReader audience) throws IOException {
        return StixObjects.served((ObjectNode) json.readTree(stored.object().json()), stored, audience);
    }
}
