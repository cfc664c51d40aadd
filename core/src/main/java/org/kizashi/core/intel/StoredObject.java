package org.kizashi.core.intel;

import java.time.Instant;
import java.util.Objects;

/**
 * A version of a STIX object in a community: when it was added (strictly increasing within the community), its
 * version time, who may read it, and the object. Times are kept to the microsecond; an object that has neither
 * {@code modified} nor {@code created} has its date added as its version (and as {@code object().version()}).
 */
public record StoredObject(long sequence, Instant dateAdded, Instant version, SharingScope scope, boolean anonymised,
                           StixObjectVersion object) {
    public StoredObject {
        Objects.requireNonNull(dateAdded, "dateAdded");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(object, "object");
    }
}
