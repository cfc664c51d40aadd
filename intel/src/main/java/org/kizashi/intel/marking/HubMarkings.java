package org.kizashi.intel.marking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.kizashi.core.intel.SharingLevel;

/**
 * The hub's own STIX markings: an extension definition (a property extension carrying the level) and one
 * marking-definition per C4TAP level that uses it, with fixed identifiers so that every hub and every export names a
 * level the same way. Objects carry their level's marking and, for readers outside the hub, the TLP 2.0 marking of
 * {@link SharingLevel#tlp()} (ADR 0017). Imported objects without a hub marking get, at most, the level their TLP
 * marking allows.
 */
public final class HubMarkings {
    /** The extension definition of the level property. */
    public static final String EXTENSION_DEFINITION_ID = "extension-definition--9cd2c1ee-c17c-4e83-99f5-9476c8093ad2";
    /** The identity that creates the hub's markings. */
    public static final String HUB_IDENTITY_ID = "identity--f70e6959-de52-49df-830b-eb79729f9eba";
    private static final String CREATED = "2026-11-23T00:00:00.000Z";

    private static final Map<SharingLevel, String> LEVEL_MARKINGS = new EnumMap<>(Map.of(
            SharingLevel.RED, "marking-definition--b42b4e0d-83a1-45da-a7ba-1492f24a7d18",
            SharingLevel.AMBER, "marking-definition--089e178d-9a30-4807-a5fe-fcdcefafaad7",
            SharingLevel.YELLOW, "marking-definition--60a48dbc-6738-4279-b588-16ffc9b4fea7",
            SharingLevel.GREEN, "marking-definition--ac57abdb-94ef-4c48-9e33-63530813e357",
            SharingLevel.WHITE, "marking-definition--edcf6e38-0bd3-492f-bda0-443486398877"));

    /** TLP 2.0 marking definitions (FIRST TLP 2.0 as published for STIX 2.1 by OASIS), by label. */
    private static final Map<String, String> TLP2 = Map.of(
            "TLP:CLEAR", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            "TLP:GREEN", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            "TLP:AMBER", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            "TLP:AMBER+STRICT", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            "TLP:RED", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    /**
     * The widest level each TLP marking (2.0 and the STIX 2.1 TLP 1.0 definitions) allows inside the hub. TLP:AMBER
     * and AMBER+STRICT allow sharing within the recipient's organisation only; inside the hub that is Red (its
     * provider, the secretariat and the analysts), the narrowest there is.
     */
    private static final Map<String, SharingLevel> WIDEST_BY_TLP_MARKING = Map.ofEntries(
            Map.entry(TLP2.get("TLP:CLEAR"), SharingLevel.WHITE),
            Map.entry(TLP2.get("TLP:GREEN"), SharingLevel.GREEN),
            Map.entry(TLP2.get("TLP:AMBER"), SharingLevel.RED),
            Map.entry(TLP2.get("TLP:AMBER+STRICT"), SharingLevel.RED),
            Map.entry(TLP2.get("TLP:RED"), SharingLevel.RED),
            Map.entry("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", SharingLevel.WHITE), // TLP 1.0
            Map.entry("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", SharingLevel.GREEN),
            Map.entry("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", SharingLevel.RED),
            Map.entry("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", SharingLevel.RED));

    private HubMarkings() {
    }

    /** The hub marking-definition id of a level. */
    public static String markingId(SharingLevel level) {
        return LEVEL_MARKINGS.get(level);
    }

    /** The TLP 2.0 marking-definition id put on exported copies of an object at {@code level}. */
    public static String tlpMarkingId(SharingLevel level) {
        return TLP2.get(level.tlp());
    }

    /**
     * The level an object's markings give it: its hub marking if it has one (the narrowest, if several), else the
     * widest level its TLP markings allow (the narrowest of them), else empty.
     */
    public static Optional<SharingLevel> levelOf(JsonNode object) {
        SharingLevel hub = null;
        SharingLevel tlp = null;
        for (JsonNode ref : object.path("object_marking_refs")) {
            String id = ref.asText();
            for (Map.Entry<SharingLevel, String> e : LEVEL_MARKINGS.entrySet()) {
                if (e.getValue().equals(id)) {
                    hub = narrower(hub, e.getKey());
                }
            }
            SharingLevel allowed = WIDEST_BY_TLP_MARKING.get(id);
            if (allowed != null) {
                tlp = narrower(tlp, allowed);
            }
        }
        return Optional.ofNullable(hub != null ? hub : tlp);
    }

    /**
     * Adds the hub marking of {@code level} and its TLP 2.0 marking to the object's {@code object_marking_refs} (those
     * not there yet), so that a copy leaving the hub (an export, a TAXII answer) carries its level: whoever imports it
     * again, here or in another hub, cannot store it wider.
     */
    public static ObjectNode mark(ObjectNode object, SharingLevel level) {
        JsonNode refs = object.get("object_marking_refs");
        ArrayNode markings = refs instanceof ArrayNode array ? array : object.putArray("object_marking_refs");
        for (String id : new String[] {markingId(level), tlpMarkingId(level)}) {
            boolean present = false;
            for (JsonNode ref : markings) {
                present |= ref.asText().equals(id);
            }
            if (!present) {
                markings.add(id);
            }
        }
        return object;
    }

    private static SharingLevel narrower(SharingLevel a, SharingLevel b) {
        return a == null || b.ordinal() < a.ordinal() ? b : a;
    }

    /**
     * The object as the secretariat publishes it on an anonymised provider's behalf: created by the hub's identity
     * instead of the provider's. Objects without a creator (cyber-observables) are left as they are.
     */
    public static ObjectNode publishedByHub(ObjectNode object) {
        if (object.has("created_by_ref")) {
            object.put("created_by_ref", HUB_IDENTITY_ID);
        }
        return object;
    }

    /** The extension definition of the level property, as a STIX 2.1 object. */
    public static ObjectNode extensionDefinition() {
        ObjectNode o = common("extension-definition", EXTENSION_DEFINITION_ID);
        o.put("name", "Kizashi sharing level");
        o.put("description", "The C4TAP sharing range of the objects a marking-definition with this extension "
                + "marks: red (provider, secretariat and analysts), amber (and the participants), yellow (and the "
                + "observers who agreed to the rules), green (and related organisations not yet participating) or "
                + "white (public); and the TLP 2.0 label used outside the hub.");
        o.put("schema", "A property extension with two string properties: 'level', one of red, amber, yellow, green, "
                + "white; 'tlp', the TLP 2.0 label of the level (TLP:RED, TLP:AMBER+STRICT, TLP:AMBER, TLP:GREEN, "
                + "TLP:CLEAR).");
        o.put("version", "1.0.0");
        o.putArray("extension_types").add("property-extension");
        return o;
    }

    /** The marking-definition of a level. */
    public static ObjectNode markingDefinition(SharingLevel level) {
        ObjectNode o = common("marking-definition", markingId(level));
        o.put("name", "Kizashi sharing level " + level.name());
        ObjectNode extension = o.putObject("extensions").putObject(EXTENSION_DEFINITION_ID);
        extension.put("extension_type", "property-extension");
        extension.put("level", level.id());
        extension.put("tlp", level.tlp());
        return o;
    }

    /** The identity of the hub, creator of its markings. */
    public static ObjectNode hubIdentity() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "identity");
        o.put("spec_version", "2.1");
        o.put("id", HUB_IDENTITY_ID);
        o.put("created", CREATED);
        o.put("modified", CREATED);
        o.put("name", "Kizashi sharing hub");
        o.put("identity_class", "system");
        return o;
    }

    private static ObjectNode common(String type, String id) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created_by_ref", HUB_IDENTITY_ID);
        o.put("created", CREATED);
        if (!type.equals("marking-definition")) {
            o.put("modified", CREATED); // marking definitions are never versioned (STIX 2.1, 7.2.1)
        }
        return o;
    }
}
