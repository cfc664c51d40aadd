package org.kizashi.core.intel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a STIX object as the hub keeps it: its JSON text as received, and what queries need of it.
 * {@code version} is the object's {@code modified}, else its {@code created}; empty for objects that have neither
 * (cyber-observables), whose version is the time they were added. {@code title} is what a list shows and a search
 * matches (name, value or pattern; cut to {@value #TITLE_LENGTH} characters); {@code values} are the normalised
 * observable values it reports ("kind|value"), which link it to other organisations' reports of the same value.
 */
public record StixObjectVersion(String id, String type, String specVersion, Optional<Instant> version, String json,
                                String title, List<String> values) {
    public static final int TITLE_LENGTH = 300;

    public StixObjectVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(title, "title");
        title = title.length() > TITLE_LENGTH ? title.substring(0, TITLE_LENGTH) : title;
        values = List.copyOf(values);
    }

    /** A version without a title or values (nothing to show but its id, nothing to correlate). */
    public StixObjectVersion(String id, String type, String specVersion, Optional<Instant> version, String json) {
        this(id, type, specVersion, version, json, "", List.of());
    }
}
