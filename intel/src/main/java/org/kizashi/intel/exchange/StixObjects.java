package org.kizashi.intel.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.StixObjectVersion;
import org.kizashi.core.intel.StoredObject;
import org.kizashi.intel.marking.HubMarkings;
import org.kizashi.intel.correlation.ObservableValues;

/** A validated STIX object as the hub stores it. */
public final class StixObjects {
    private StixObjects() {
    }

    /**
     * The object's id, type, spec version (2.1 when absent, as for cyber-observables), version, JSON text, title and
     * the observable values it reports.
     */
    public static StixObjectVersion version(JsonNode object) {
        return new StixObjectVersion(object.path("id").asText(), object.path("type").asText(),
                object.path("spec_version").asText("2.1"), versionTime(object), object.toString(), title(object),
                ObservableValues.of(object));
    }

    /** Properties that name an object for a person, in the order they are looked for. */
    private static final String[] TITLE_PROPERTIES = {"name", "value", "pattern", "abstract", "path", "key",
        "subject", "number", "display_name", "body"};

    /**
     * What a list shows for the object: the first of {@link #TITLE_PROPERTIES} it has, "source → target" for a
     * relationship's type, the sighted object for a sighting; empty when it has none.
     */
    public static String title(JsonNode object) {
        for (String property : TITLE_PROPERTIES) {
            JsonNode value = object.get(property);
            if (value != null && (value.isTextual() || value.isNumber())) {
                return value.asText();
            }
        }
        if (object.hasNonNull("relationship_type")) {
            return object.path("relationship_type").asText();
        }
        if (object.hasNonNull("sighting_of_ref")) {
            return object.path("sighting_of_ref").asText();
        }
        return "";
    }

    /**
     * A stored object as a reader receives it ({@code object}: its parsed JSON, changed in place): with the hub and TLP
     * markings of its level, so that a copy never travels wider, and created by the hub when the provider is anonymised
     * and the reader may not know who it is.
     */
    public static ObjectNode served(ObjectNode object, StoredObject stored, IntelReader reader) {
        HubMarkings.mark(object, stored.scope().level());
        return reader.knowsProvider(stored.scope(), stored.anonymised()) ? object : HubMarkings.publishedByHub(object);
    }

    /** {@code modified}, else {@code created}; empty when neither is a timestamp. */
    public static Optional<Instant> versionTime(JsonNode object) {
        for (String field : new String[] {"modified", "created"}) {
            JsonNode value = object.get(field);
            if (value != null && value.isTextual()) {
                try {
                    return Optional.of(Instant.parse(value.asText()));
                } catch (DateTimeParseException e) {
                    return Optional.empty(); // the validator reports it
                }
            }
        }
        return Optional.empty();
    }
}
