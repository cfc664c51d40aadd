package org.kizashi.core.intel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a STIX object as the hub keeps it: its JSON text as received, and what queries need of it.
 * {@code version} is the object's {@code modified}, else its {@code created}; empty for objects that have neither
 * (cyber-observables), whose version is the time they were added.
 */
public record StixObjectVersion(String id, String type, String specVersion, Optional<Instant> version, String json) {
    public StixObjectVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(json, "json");
    }
}
