package org.kizashi.server.ui;

import java.util.Locale;
import java.util.Optional;

/** The two languages every page exists in. Japanese first: it is the users' language. */
public enum Language {
    JA(Locale.JAPANESE), EN(Locale.ENGLISH);

    private final Locale locale;

    Language(Locale locale) {
        this.locale = locale;
    }

    public String code() {
        return locale.getLanguage();
    }

    public Locale locale() {
        return locale;
    }

    public static Optional<Language> of(String code) {
        if (code != null) {
            for (Language l : values()) {
                if (l.code().equalsIgnoreCase(code.trim())) {
                    return Optional.of(l);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The best match for an Accept-Language header (RFC 9110 quality values); Japanese when nothing matches, since
     * the platform is made for Japanese operators.
     */
    public static Language fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return JA;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                if (range.getWeight() <= 0) {
                    continue;
                }
                String tag = range.getRange();
                if (tag.equals("*")) {
                    return JA;
                }
                Optional<Language> match = of(tag.split("-")[0]);
                if (match.isPresent()) {
                    return match.get();
                }
            }
        } catch (IllegalArgumentException malformed) {
            return JA;
        }
        return JA;
    }
}
