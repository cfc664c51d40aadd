package org.kizashi.intel.misp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A value of MISP JSON with its JSON Pointer, so that every complaint names where it is. MISP writes most scalars
 * as strings ("timestamp": "1431043200", "distribution": "1"), older exports sometimes as numbers; both are read.
 */
record MispNode(JsonNode node, String pointer) {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    static MispNode root(JsonNode node) {
        return new MispNode(node == null ? MissingNode.getInstance() : node, "");
    }

    MispNode get(String key) {
        JsonNode child = node.isObject() ? node.get(key) : null;
        return new MispNode(child == null ? MissingNode.getInstance() : child,
                pointer + "/" + key.replace("~", "~0").replace("/", "~1"));
    }

    /** Present and not null. */
    boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    MispFormatException problem(String what) {
        return new MispFormatException(pointer, what);
    }

    void requireObject() throws MispFormatException {
        if (!node.isObject()) {
            throw problem(present() ? "expected a JSON object, found " + kind() : "missing");
        }
    }

    /** The items of a list; an absent or null list is empty. */
    List<MispNode> items() throws MispFormatException {
        if (!present()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw problem("expected a list, found " + kind());
        }
        List<MispNode> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new MispNode(node.get(i), pointer + "/" + i));
        }
        return items;
    }

    /** A string (or a number, as text); null when absent. Empty strings count as absent. */
    String text() throws MispFormatException {
        if (!present()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty() ? null : node.textValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        throw problem("expected a string, found " + kind());
    }

    String requiredText() throws MispFormatException {
        String text = text();
        if (text == null) {
            throw problem(present() ? "empty" : "missing");
        }
        return text;
    }

    /** A UUID in lower case. */
    String requiredUuid() throws MispFormatException {
        String text = requiredText().trim();
        if (!UUID.matcher(text).matches()) {
            throw problem("'" + text + "' is not a UUID");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** Seconds since 1970 as MISP writes them ("1431043200" or 1431043200); null when absent. */
    Instant epochSeconds() throws MispFormatException {
        String text = text();
        if (text == null) {
            return null;
        }
        if (!DIGITS.matcher(text).matches()) {
            throw problem("expected seconds since 1970-01-01, found '" + text + "'");
        }
        return Instant.ofEpochSecond(Long.parseLong(text));
    }

    Instant requiredEpochSeconds() throws MispFormatException {
        Instant time = epochSeconds();
        if (time == null) {
            throw problem("missing");
        }
        return time;
    }

    /** A MISP date (yyyy-mm-dd) as the start of that day in UTC. */
    Instant requiredDate() throws MispFormatException {
        String text = requiredText();
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw problem("expected a date yyyy-mm-dd, found '" + text + "'");
        }
    }

    /** first_seen and last_seen: ISO 8601 with an offset ("2015-05-08T09:00:00.000000+09:00"); null when absent. */
    Instant isoTime() throws MispFormatException {
        String text = text();
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw problem("expected a date and time with an offset, found '" + text + "'");
        }
    }

    /** to_ids, deleted: JSON booleans, or "1"/"0"/"true"/"false" in older exports; {@code absent} when absent. */
    boolean flag(boolean absent) throws MispFormatException {
        if (!present()) {
            return absent;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.isTextual() || node.isIntegralNumber() ? node.asText().toLowerCase(Locale.ROOT) : "";
        return switch (text) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw problem("expected true or false, found " + kind());
        };
    }

    /** A small integer code (distribution, threat_level_id, analysis); null when absent. */
    Integer code() throws MispFormatException {
        String text = text();
        if (text == null) {
            return null;
        }
        if (!text.matches("[0-9]{1,3}")) {
            throw problem("expected a number, found '" + text + "'");
        }
        return Integer.valueOf(text);
    }

    private String kind() {
        if (node.isTextual()) {
            return "'" + node.textValue() + "'";
        }
        return node.isObject() ? "an object" : node.isArray() ? "a list" : node.toString();
    }
}
