package org.kizashi.intel.stix;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One way in which a STIX object breaks a rule of the STIX 2.1 specification (or, as a warning, one of its
 * recommendations).
 *
 * @param severity ERROR for a broken MUST (the object is invalid), WARNING for a SHOULD or a deprecated construct
 * @param objectId the id of the object the problem is in, null when the object has no usable id
 * @param path     a JSON Pointer (RFC 6901) inside the object, e.g. "/external_references/0/source_name"; "" for
 *                 the whole object
 * @param code     the kind of rule broken
 * @param detail   English: names the property, the value found and what was expected
 */
public record StixProblem(Severity severity, String objectId, String path, Code code, String detail) {
    /** How bad a problem is: only errors make an object invalid. */
    public enum Severity { ERROR, WARNING }

    /** The kind of rule a problem breaks; each has a message template per language. */
    public enum Code {
        /** A required property is missing, or a property is present where a rule forbids it. */
        REQUIRED,
        /** A value has the wrong JSON type (e.g. a string where an integer is expected). */
        TYPE,
        /** A value has the right JSON type but not the format its property requires. */
        FORMAT,
        /** An identifier is not {@code <type>--<RFC 4122 UUID>} or does not match the object's type. */
        IDENTIFIER,
        /** A timestamp is not a STIX timestamp (RFC 3339, UTC, 'Z') or is less precise than required. */
        TIMESTAMP,
        /** Timestamps in the wrong order, e.g. modified before created. */
        ORDER,
        /** A reference points to an object of a type the property does not allow. */
        REFERENCE,
        /** A value outside a closed enumeration. */
        ENUMERATION,
        /** A number (or a list's length) outside its allowed range. */
        RANGE,
        /** An indicator's pattern is not valid in its pattern language. */
        PATTERN,
        /** A property the specification does not define (custom properties belong in extensions in 2.1). */
        UNKNOWN_PROPERTY,
        /** A recommendation of the specification is not followed. */
        BEST_PRACTICE
    }

    public StixProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }

    /** English: the path, then the detail in the English template of the code. */
    public String message() {
        return message(Locale.ENGLISH);
    }

    /**
     * The message in the language of {@code locale}: Japanese for Japanese, English otherwise. The detail stays
     * English (it quotes property names and values); the text around it is translated.
     */
    public String message(Locale locale) {
        return ProblemTemplates.forLocale(locale).render(this);
    }

    /** Whether an object with these problems is valid, i.e. none of them is an error. */
    static boolean noErrors(List<StixProblem> problems) {
        return problems.stream().noneMatch(p -> p.severity() == Severity.ERROR);
    }
}
