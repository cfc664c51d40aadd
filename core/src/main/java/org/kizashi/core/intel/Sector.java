package org.kizashi.core.intel;

import java.util.Objects;

/** A critical-infrastructure sector, named in both languages of the platform. The list is editable. */
public record Sector(long id, String code, String nameJa, String nameEn) {
    public Sector {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(nameJa, "nameJa");
        Objects.requireNonNull(nameEn, "nameEn");
    }
}
