package org.kizashi.intel.misp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kizashi.core.intel.SharingLevel;

/**
 * One MISP event converted to STIX 2.1.
 *
 * @param eventUuid       the MISP event's uuid (lower case); the report is {@code report--<eventUuid>}
 * @param eventInfo       the event's info, which is the report's name
 * @param widestLevel     the widest sharing level the hub may give the event's objects (its TLP tag, else its
 *                        distribution); see {@link MispImport} for the mapping
 * @param objects         the STIX 2.1 objects, in bundle order: the creator identity, the report, then what the
 *                        attributes, objects and galaxies became, in the event's order
 * @param levelByObjectId the objects whose level is narrower than {@code widestLevel} because an attribute or
 *                        object says so (its own TLP tag or distribution); every other object is at widestLevel
 * @param warnings        English, one per thing that did not convert as such (each names the attribute's uuid
 *                        and type): an attribute type without a STIX mapping, a value that is not valid STIX, a
 *                        skipped deleted attribute...
 */
public record MispConversion(String eventUuid, String eventInfo, SharingLevel widestLevel, List<ObjectNode> objects,
                             Map<String, SharingLevel> levelByObjectId, List<String> warnings) {
    public MispConversion {
        Objects.requireNonNull(eventUuid, "eventUuid");
        Objects.requireNonNull(eventInfo, "eventInfo");
        Objects.requireNonNull(widestLevel, "widestLevel");
        objects = List.copyOf(objects);
        levelByObjectId = Map.copyOf(levelByObjectId);
        warnings = List.copyOf(warnings);
    }
}
