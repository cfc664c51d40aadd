package org.kizashi.intel.stix;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The object types a reference property may point to.
 *
 * @param description English, for messages: "an identity", "an SDO or SCO"
 * @param accepts     whether a referenced type is allowed
 */
record Targets(String description, Predicate<String> accepts) {
    /** Any STIX object: everything but a bundle, which is a container rather than an object. */
    static final Targets ANY = new Targets("a STIX object (not a bundle)", type -> !type.equals("bundle"));
    /** An SDO; types this validator does not know may be custom SDOs, so they pass. */
    static final Targets SDO = category("an SDO", StixTypes.Category.SDO);
    /** An SCO; unknown (custom) types pass. */
    static final Targets SCO = category("an SCO", StixTypes.Category.SCO);
    /** An SDO or an SCO: what relationships connect. Unknown (custom) types pass. */
    static final Targets SDO_OR_SCO = category("an SDO or SCO", StixTypes.Category.SDO, StixTypes.Category.SCO);

    /** Exactly these types. */
    static Targets types(String... types) {
        Set<String> allowed = Set.of(types);
        return new Targets(names(List.of(types)), allowed::contains);
    }

    private static Targets category(String description, StixTypes.Category... categories) {
        Set<StixTypes.Category> allowed = Set.of(categories);
        return new Targets(description, type -> {
            StixTypes.Category category = StixTypes.categoryOf(type);
            return category == null ? !type.equals("bundle") : allowed.contains(category);
        });
    }

    /** "an identity", "a file or directory", "an ipv4-addr, ipv6-addr or domain-name". */
    private static String names(List<String> types) {
        String first = types.get(0);
        String article = "aeiou".indexOf(first.charAt(0)) >= 0 ? "an " : "a ";
        if (types.size() == 1) {
            return article + first;
        }
        return article + String.join(", ", types.subList(0, types.size() - 1)) + " or " + types.getLast();
    }
}
