package org.kizashi.core.intel;

import java.util.Objects;

/** Another shared object that reports the same observable value ({@code value}, a "kind|value" key). */
public record Correlation(String value, StoredObject other) {
    public Correlation {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(other, "other");
    }
}
