package org.kizashi.intel.misp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

/** STIX spelling: identifiers, timestamps and pattern literals. */
final class Stix {
    /**
     * The namespace of the UUIDv5 ids this importer derives where MISP gives no uuid of its own (relationships,
     * notes for left-over values) or a uuid that is not an RFC 4122 one. Never change it: ids would change.
     */
    static final UUID NAMESPACE = UUID.fromString("f68cf269-966c-45f6-b4e5-de579ae2a4cc");

    /** What MISP gives no time for (an organisation, a galaxy cluster): a fixed time keeps every copy one version. */
    static final Instant TIMELESS = Instant.EPOCH;

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern RFC_4122 = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern PLAIN_PROPERTY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Stix() {
    }

    /** A STIX timestamp with millisecond precision, e.g. 2015-05-08T00:00:00.000Z. */
    static String timestamp(Instant time) {
        return TIMESTAMP.format(time.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * {@code <type>--<uuid>} for a MISP uuid, as MISP's own converter names objects. STIX wants an RFC 4122 UUID;
     * MISP uuids that are not (old or hand-made ones) are replaced by a UUIDv5 of them, which is just as stable.
     */
    static String id(String type, String mispUuid) {
        return type + "--" + (RFC_4122.matcher(mispUuid).matches() ? mispUuid : uuid5("misp-uuid|" + mispUuid));
    }

    /** {@code <type>--<UUIDv5 of name>}: for objects MISP has no uuid for; the name says what the object is. */
    static String derivedId(String type, String name) {
        return type + "--" + uuid5(type + "|" + name);
    }

    static String uuid5(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        ByteBuffer namespace = ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits());
        sha1.update(namespace.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC 4122 variant
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }

    /** A STIX pattern string literal: quoted, with the only two escapes the grammar has (\\ and \'). */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A property name in an object path, quoted when it is not a plain name (SHA-256, User-Agent...). */
    static String property(String name) {
        return PLAIN_PROPERTY.matcher(name).matches() ? name : literal(name);
    }

    /** The properties every SDO and SRO made here starts with. */
    static ObjectNode sdo(String type, String id, String createdByRef, Instant created, Instant modified) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", id);
        if (createdByRef != null) {
            o.put("created_by_ref", createdByRef);
        }
        o.put("created", timestamp(created));
        o.put("modified", timestamp(modified.isBefore(created) ? created : modified));
        return o;
    }

    static ObjectNode sco(String type, String id) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", id);
        return o;
    }

    static String typeOf(String id) {
        return id.substring(0, id.indexOf("--"));
    }
}
