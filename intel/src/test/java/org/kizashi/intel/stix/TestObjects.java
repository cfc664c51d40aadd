package org.kizashi.intel.stix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared test fixtures: a minimal valid object of every STIX 2.1 type, and a stand-in pattern parser. */
final class TestObjects {
    private TestObjects() {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Stands in for the real STIX pattern parser: a pattern is "valid" when it starts with '[', so that both
     * outcomes of the pattern check can be exercised.
     */
    static final PatternCheck BRACKETED_PATTERNS = pattern -> pattern.startsWith("[")
            ? null : "expected '[' at offset 0, found '" + (pattern.isEmpty() ? "" : pattern.substring(0, 1)) + "'";

    static final String CREATED = "2024-04-01T09:00:00.000Z";
    // SDO, SRO and meta ids are UUIDv4 and SCO ids UUIDv5, as the specification recommends.
    static final String IDENTITY = "identity--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061";
    static final String INDICATOR = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
    static final String MALWARE = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b";
    static final String OBSERVED_DATA = "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf";
    static final String LOCATION = "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64";
    static final String RELATIONSHIP = "relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad";
    static final String IPV4 = "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd";
    static final String DOMAIN = "domain-name--dd686e37-6889-53bd-8ae1-b1a503452613";
    static final String FILE = "file--9a1f834d-2506-5367-baec-7aa63996ad43";
    static final String DIRECTORY = "directory--93c0a9b0-520d-545d-9094-1a08ddf46b05";
    static final String ARTIFACT = "artifact--6f437177-6e48-5cf8-9d9e-872a2bddd641";
    static final String SOFTWARE = "software--a1827f6d-ca53-5605-9e93-4316cd22a00a";
    static final String EMAIL_ADDR = "email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3";
    static final String USER_ACCOUNT = "user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c";
    static final String TLP_WHITE = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
    static final String TLP2_CLEAR = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    static final String STATEMENT = "marking-definition--2b4dee4a-1d5e-4fd5-8d1b-8a8a70b2b1c5";
    static final String EXTENSION = "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e";

    private static final Map<String, String> MINIMAL = new LinkedHashMap<>();

    private static void sdo(String type, String uuid, String properties) {
        MINIMAL.put(type, """
                {"type": "%s", "spec_version": "2.1", "id": "%s--%s",
                 "created": "%s", "modified": "%s"%s}""".formatted(type, type, uuid, CREATED, CREATED,
                properties.isEmpty() ? "" : ", " + properties));
    }

    private static void sco(String type, String uuid, String properties) {
        MINIMAL.put(type, """
                {"type": "%s", "id": "%s--%s", %s}""".formatted(type, type, uuid, properties));
    }

    static {
        sdo("attack-pattern", "7e33a43e-e34b-40ec-89da-36c9bb2cacd5", "\"name\": \"Spear Phishing\"");
        sdo("campaign", "83422c77-904c-4dc1-aff5-5c38f3a2c55c", "\"name\": \"Green Group Attacks\"");
        sdo("course-of-action", "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "\"name\": \"Add TCP port 80 filter\"");
        sdo("grouping", "84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
                "\"context\": \"suspicious-activity\", \"object_refs\": [\"" + INDICATOR + "\"]");
        sdo("identity", "0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "\"name\": \"JPCERT/CC\"");
        sdo("incident", "1f8a5f2e-7c38-4d8a-9d3d-6f0a6f2a1b6c", "\"name\": \"Ransomware at a hospital\"");
        sdo("indicator", "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                "\"pattern\": \"[ipv4-addr:value = '198.51.100.1']\", \"pattern_type\": \"stix\","
                        + " \"valid_from\": \"2024-04-01T00:00:00Z\"");
        sdo("infrastructure", "38c47d93-d984-4fd9-b87b-d69d0841628d", "\"name\": \"Poison Ivy C2\"");
        sdo("intrusion-set", "4e78f46f-a023-4e5f-bc24-71b3ca22ec29", "\"name\": \"Bobcat Breakin\"");
        sdo("location", "a6e9345f-5a15-4c29-8bb3-7dcc5d168d64", "\"country\": \"JP\"");
        sdo("malware", "31b940d4-6f7f-459a-80ea-9c1f17b5891b", "\"is_family\": false");
        sdo("malware-analysis", "d25dc1bc-e0e3-4d0e-8d8f-3d9c6d6cb38f",
                "\"product\": \"microsoft\", \"result\": \"malicious\"");
        sdo("note", "0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                "\"content\": \"Seen at two members.\", \"object_refs\": [\"" + MALWARE + "\"]");
        sdo("observed-data", "b67d30ff-02ac-498a-92f9-32f845f448cf",
                "\"first_observed\": \"2024-04-01T00:00:00Z\", \"last_observed\": \"2024-04-01T01:00:00Z\","
                        + " \"number_observed\": 3, \"object_refs\": [\"" + IPV4 + "\"]");
        sdo("opinion", "b01efc25-77b4-4003-b18b-f6e24b5cd9f7",
                "\"opinion\": \"agree\", \"object_refs\": [\"" + MALWARE + "\"]");
        sdo("report", "84e4d88f-44ea-4bcd-bbf3-b2c1c320bcbd",
                "\"name\": \"The Black Vine Cyberespionage Group\", \"published\": \"2024-04-01T00:00:00Z\","
                        + " \"object_refs\": [\"" + INDICATOR + "\", \"" + MALWARE + "\"]");
        sdo("threat-actor", "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "\"name\": \"Evil Org\"");
        sdo("tool", "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "\"name\": \"VNC\"");
        sdo("vulnerability", "0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "\"name\": \"CVE-2016-1234\"");
        sdo("relationship", "44298a74-ba52-4f0c-87a3-1824e67d7fad", "\"relationship_type\": \"indicates\","
                + " \"source_ref\": \"" + INDICATOR + "\", \"target_ref\": \"" + MALWARE + "\"");
        sdo("sighting", "ee20065d-2555-424f-ad9e-0f8428623c75", "\"sighting_of_ref\": \"" + INDICATOR + "\"");
        sco("artifact", "6f437177-6e48-5cf8-9d9e-872a2bddd641", "\"payload_bin\": \"aGVsbG8gd29ybGQ=\"");
        sco("autonomous-system", "f720c34b-98ae-597f-ade5-27dc241e8c74", "\"number\": 15169");
        sco("directory", "93c0a9b0-520d-545d-9094-1a08ddf46b05", "\"path\": \"C:\\\\Windows\\\\System32\"");
        sco("domain-name", "dd686e37-6889-53bd-8ae1-b1a503452613", "\"value\": \"example.com\"");
        sco("email-addr", "2d77a846-6264-5d51-b586-e43822ea1ea3", "\"value\": \"john@example.com\"");
        sco("email-message", "72b7698f-10c2-565a-a2a6-b4996a2f2265", "\"is_multipart\": false");
        sco("file", "9a1f834d-2506-5367-baec-7aa63996ad43", "\"name\": \"qwerty.dll\"");
        sco("ipv4-addr", "ff26c055-6336-5bc5-b98d-13d6226742dd", "\"value\": \"198.51.100.3\"");
        sco("ipv6-addr", "1e61d36c-a16c-53b7-a80f-2a00161c96b1", "\"value\": \"2001:0db8:85a3::8a2e:0370:7334\"");
        sco("mac-addr", "65cfcf98-8a6e-5a1b-8f61-379ac4f92d00", "\"value\": \"d2:fb:49:24:37:18\"");
        sco("mutex", "eba44954-d4e4-5d3b-814c-2b17dd8de300", "\"name\": \"__CLEANSWEEP__\"");
        sco("network-traffic", "2568d22a-8998-58eb-99ec-3c8ca74f527d",
                "\"src_ref\": \"" + IPV4 + "\", \"protocols\": [\"ipv4\", \"tcp\"]");
        sco("process", "f52a906a-0dfc-40bd-92f1-e7778ead38a9", "\"pid\": 1221");
        sco("software", "a1827f6d-ca53-5605-9e93-4316cd22a00a", "\"name\": \"Word\"");
        sco("url", "c1477287-23ac-5971-a010-5c287877fa60", "\"value\": \"https://example.com/research/index.html\"");
        sco("user-account", "0d5b424b-93b8-5cd8-ac36-306e1789d63c", "\"user_id\": \"1001\"");
        sco("windows-registry-key", "2ba37ae7-2745-5082-9dfd-9486dad41016",
                "\"key\": \"hkey_local_machine\\\\system\\\\bar\\\\foo\"");
        sco("x509-certificate", "463d7b2a-8516-5a50-a3d7-6f801465d5de", "\"serial_number\": \"36:f7:d4:32\"");
        MINIMAL.put("language-content", """
                {"type": "language-content", "spec_version": "2.1",
                 "id": "language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d",
                 "created": "%s", "modified": "%s", "object_ref": "%s",
                 "contents": {"ja": {"name": "悪意のある活動"}}}""".formatted(CREATED, CREATED, INDICATOR));
        MINIMAL.put("marking-definition", """
                {"type": "marking-definition", "spec_version": "2.1", "id": "%s", "created": "%s",
                 "definition_type": "statement", "definition": {"statement": "Copyright 2024, Example Corp"}}"""
                .formatted(STATEMENT, CREATED));
        MINIMAL.put("extension-definition", """
                {"type": "extension-definition", "spec_version": "2.1", "id": "%s",
                 "created_by_ref": "%s", "created": "%s", "modified": "%s",
                 "name": "Kizashi sharing level", "schema": "https://kizashi.example/schemas/sharing.json",
                 "version": "1.0.0", "extension_types": ["property-extension"]}"""
                .formatted(EXTENSION, IDENTITY, CREATED, CREATED));
    }

    /** The types the fixtures cover, in the specification's order. */
    static Iterable<String> types() {
        return MINIMAL.keySet();
    }

    /** A fresh copy of the minimal valid object of {@code type}. */
    static ObjectNode minimal(String type) {
        String json = MINIMAL.get(type);
        if (json == null) {
            throw new IllegalArgumentException("no minimal " + type);
        }
        return parse(json);
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
