package org.kizashi.intel.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.kizashi.core.intel.StixObjectVersion;

/** A validated STIX object as the hub stores it. */
public final class StixObjects {
    private StixObjects() {
    }

    /** The object's id, type, spec version (2.1 when absent, as for cyber-observables), version and JSON text. */
    public static StixObjectVersion version(JsonNode object) {
        return new StixObjectVersion(object.path("id").asText(), object.path("type").asText(),
                object.path("spec_version").asText("2.1"), versionTime(object), object.toString());
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
