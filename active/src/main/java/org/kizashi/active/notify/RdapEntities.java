package org.kizashi.active.notify;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the contact to write to in an RDAP object (RFC 9083): the entities of role "abuse", wherever they are nested
 * (gTLD registries put the abuse contact inside the registrar entity; RIRs put an IRT entity on the network), and
 * their e-mail from the jCard (RFC 7095). Only when no entity has the abuse role does it fall back to the registrant,
 * then the technical contact.
 */
final class RdapEntities {
    /** Past this depth the nesting is not a real registry's. */
    private static final int MAX_DEPTH = 8;
    private static final List<String> FALLBACK_ROLES = List.of("registrant", "technical");

    private RdapEntities() {
    }

    /** The contact, or why there is none (a sentence fragment: "names abuse contact X without an e-mail address"). */
    record Outcome(Optional<AbuseContact> contact, String problem) {
    }

    static Outcome contact(JsonNode object) {
        List<JsonNode> entities = allEntities(object);
        List<JsonNode> abuse = withRole(entities, "abuse");
        if (!abuse.isEmpty()) {
            for (JsonNode entity : abuse) {
                Optional<AbuseContact> contact = contact(entity, "abuse");
                if (contact.isPresent()) {
                    return new Outcome(contact, "");
                }
            }
            return new Outcome(Optional.empty(), "names " + describe(abuse) + " without an e-mail address");
        }
        for (String role : FALLBACK_ROLES) {
            for (JsonNode entity : withRole(entities, role)) {
                Optional<AbuseContact> contact = contact(entity, role);
                if (contact.isPresent()) {
                    return new Outcome(contact, "");
                }
            }
        }
        return new Outcome(Optional.empty(), entities.isEmpty() ? "names no contact at all"
                : "has no abuse contact, and no registrant or technical contact with an e-mail address");
    }

    /** Every entity, breadth first: the least nested come first. */
    private static List<JsonNode> allEntities(JsonNode object) {
        List<JsonNode> found = new ArrayList<>();
        Deque<JsonNode> parents = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        parents.add(object);
        depths.add(0);
        while (!parents.isEmpty()) {
            JsonNode parent = parents.poll();
            int depth = depths.poll();
            JsonNode children = parent.path("entities");
            if (!children.isArray() || depth >= MAX_DEPTH) {
                continue;
            }
            for (JsonNode child : children) {
                if (child.isObject()) {
                    found.add(child);
                    parents.add(child);
                    depths.add(depth + 1);
                }
            }
        }
        return found;
    }

    private static List<JsonNode> withRole(List<JsonNode> entities, String role) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode entity : entities) {
            for (JsonNode r : entity.path("roles")) {
                if (r.isTextual() && r.asText().strip().toLowerCase(Locale.ROOT).equals(role)) {
                    matching.add(entity);
                    break;
                }
            }
        }
        return matching;
    }

    private static Optional<AbuseContact> contact(JsonNode entity, String role) {
        return email(entity).map(email -> new AbuseContact(email, property(entity, "fn").orElse(""), role,
                entity.path("handle").asText("")));
    }

    /**
     * The entity's preferred usable e-mail: the lowest "pref" parameter, else the first. Redacted values ("REDACTED
     * FOR PRIVACY", a web form's URL) are not mail addresses and are passed over.
     */
    private static Optional<String> email(JsonNode entity) {
        String best = null;
        int bestPref = Integer.MAX_VALUE;
        for (JsonNode property : properties(entity)) {
            if (!property.path(0).asText().equalsIgnoreCase("email")) {
                continue;
            }
            Optional<String> address = mailAddress(property.path(3).asText(""));
            int pref = preference(property.path(1));
            if (address.isPresent() && pref < bestPref) {
                best = address.get();
                bestPref = pref;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int preference(JsonNode parameters) {
        JsonNode pref = parameters.path("pref");
        if (pref.isArray()) {
            pref = pref.path(0);
        }
        try {
            return pref.isMissingNode() ? 100 : Integer.parseInt(pref.asText().strip());
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private static Optional<String> mailAddress(String value) {
        String text = value.strip();
        if (text.regionMatches(true, 0, "mailto:", 0, 7)) {
            text = text.substring(7);
        }
        if (text.indexOf('@') < 1) {
            return Optional.empty();
        }
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            return Optional.of(address.getAddress());
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> property(JsonNode entity, String name) {
        for (JsonNode property : properties(entity)) {
            if (property.path(0).asText().equalsIgnoreCase(name) && property.path(3).isTextual()) {
                return Optional.of(property.path(3).asText().strip());
            }
        }
        return Optional.empty();
    }

    /** The jCard properties: {@code "vcardArray": ["vcard", [[name, parameters, type, value], ...]]}. */
    private static JsonNode properties(JsonNode entity) {
        return entity.path("vcardArray").path(1);
    }

    private static String describe(List<JsonNode> entities) {
        List<String> names = new ArrayList<>();
        for (JsonNode entity : entities) {
            String handle = entity.path("handle").asText("");
            String fn = property(entity, "fn").orElse("");
            names.add(!handle.isEmpty() ? "'" + handle + "'" : !fn.isEmpty() ? "'" + fn + "'" : "(no handle)");
        }
        return (entities.size() == 1 ? "abuse contact " : "abuse contacts ") + String.join(", ", names);
    }
}
