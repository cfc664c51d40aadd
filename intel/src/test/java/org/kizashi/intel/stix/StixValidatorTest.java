package org.kizashi.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kizashi.intel.stix.TestObjects.minimal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Minimal valid objects of every type pass; each rule, broken on an otherwise valid object, is reported with its
 * code, path and severity and nothing else.
 */
class StixValidatorTest {
    private final StixValidator validator = new StixValidator(TestObjects.BRACKETED_PATTERNS);

    /** The problems, each as "SEVERITY CODE path", for compact comparison. */
    private List<String> problems(JsonNode object) {
        return validator.validate(object).stream()
                .map(p -> p.severity() + " " + p.code() + " " + p.path()).toList();
    }

    @Test
    void theFixturesCoverEveryTypeOfTheSpecification() {
        assertThat(TestObjects.types()).containsExactlyElementsOf(StixTypes.names());
        assertThat(StixTypes.names()).containsExactlyInAnyOrder("attack-pattern", "campaign", "course-of-action",
                "grouping", "identity", "incident", "indicator", "infrastructure", "intrusion-set", "location",
                "malware", "malware-analysis", "note", "observed-data", "opinion", "report", "threat-actor", "tool",
                "vulnerability", "relationship", "sighting", "artifact", "autonomous-system", "directory",
                "domain-name", "email-addr", "email-message", "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex",
                "network-traffic", "process", "software", "url", "user-account", "windows-registry-key",
                "x509-certificate", "marking-definition", "language-content", "extension-definition");
    }

    static Stream<String> types() {
        return StixTypes.names().stream();
    }

    @ParameterizedTest
    @MethodSource("types")
    void aMinimalObjectOfEveryTypeHasNoProblem(String type) {
        assertThat(validator.validate(minimal(type))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyTypeButSCOsRequiresItsCommonProperties(String type) {
        ObjectNode object = minimal(type);
        object.remove("spec_version");
        object.remove("id");
        boolean observable = StixTypes.categoryOf(type) == StixTypes.Category.SCO;
        assertThat(problems(object)).as(type).containsExactlyElementsOf(observable
                ? List.of("ERROR REQUIRED /id")
                : List.of("ERROR REQUIRED /spec_version", "ERROR REQUIRED /id"));
    }

    /** One broken rule: the mutation of a minimal object of {@code type} and the problems expected. */
    record Case(String name, String type, Consumer<ObjectNode> mutation, List<String> expected) {
        @Override
        public String toString() {
            return type + ": " + name;
        }
    }

    private static Case broken(String name, String type, Consumer<ObjectNode> mutation, String... expected) {
        return new Case(name, type, mutation, List.of(expected));
    }

    static JsonNode json(String text) {
        try {
            return TestObjects.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a top-level property to a JSON value. */
    static Consumer<ObjectNode> put(String property, String jsonValue) {
        return object -> object.set(property, json(jsonValue));
    }

    static Consumer<ObjectNode> remove(String property) {
        return object -> object.remove(property);
    }

    static Stream<Case> commonRules() {
        return Stream.of(
                broken("spec_version 2.0", "campaign", put("spec_version", "\"2.0\""),
                        "ERROR ENUMERATION /spec_version"),
                broken("spec_version of an SCO, if present, is 2.1", "url", put("spec_version", "\"2.0\""),
                        "ERROR ENUMERATION /spec_version"),
                broken("spec_version is a string", "tool", put("spec_version", "2.1"), "ERROR TYPE /spec_version"),
                broken("id of another type", "campaign", put("id", "\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\""),
                        "ERROR IDENTIFIER /id"),
                broken("id without UUID", "campaign", put("id", "\"campaign--12345\""), "ERROR IDENTIFIER /id"),
                broken("id with a UUID that is not RFC 4122 (variant)", "campaign",
                        put("id", "\"campaign--8e2e2d2b-17d4-4cbf-c38f-98ee46b3cd3f\""), "ERROR IDENTIFIER /id"),
                broken("id with UUID version 0", "campaign",
                        put("id", "\"campaign--8e2e2d2b-17d4-0cbf-938f-98ee46b3cd3f\""), "ERROR IDENTIFIER /id"),
                broken("SDO id is UUIDv5: best practice is v4", "campaign",
                        put("id", "\"campaign--8e2e2d2b-17d4-5cbf-938f-98ee46b3cd3f\""), "WARNING BEST_PRACTICE /id"),
                broken("SCO id is UUIDv4: best practice is v5", "ipv4-addr",
                        put("id", "\"ipv4-addr--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\""), "WARNING BEST_PRACTICE /id"),
                broken("type name with capitals", "campaign", put("type", "\"Campaign\"")
                        .andThen(put("id", "\"Campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c\"")),
                        "ERROR FORMAT /type", "ERROR IDENTIFIER /id"),
                broken("type that is not a STIX type", "campaign", put("type", "\"campaigns\"")
                        .andThen(put("id", "\"campaigns--83422c77-904c-4dc1-aff5-5c38f3a2c55c\"")),
                        "ERROR TYPE /type"),
                broken("deprecated x- custom object type", "campaign", put("type", "\"x-acme-campaign\"")
                        .andThen(put("id", "\"x-acme-campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c\"")),
                        "WARNING BEST_PRACTICE /type"),
                broken("created without milliseconds", "campaign", put("created", "\"2024-04-01T09:00:00Z\""),
                        "ERROR TIMESTAMP /created"),
                broken("modified not in UTC", "campaign", put("modified", "\"2024-04-01T18:00:00.000+09:00\""),
                        "ERROR TIMESTAMP /modified"),
                broken("created on a day that does not exist", "campaign",
                        put("created", "\"2023-02-29T09:00:00.000Z\""), "ERROR TIMESTAMP /created"),
                broken("created as a number", "campaign", put("created", "1711962000000"), "ERROR TYPE /created"),
                broken("modified before created", "campaign", put("modified", "\"2024-04-01T08:59:59.999Z\""),
                        "ERROR ORDER /modified"),
                broken("created_by_ref to an indicator", "campaign", put("created_by_ref", q(TestObjects.INDICATOR)),
                        "ERROR REFERENCE /created_by_ref"),
                broken("created_by_ref not an identifier", "campaign", put("created_by_ref", "\"JPCERT\""),
                        "ERROR IDENTIFIER /created_by_ref"),
                broken("revoked as a string", "campaign", put("revoked", "\"yes\""), "ERROR TYPE /revoked"),
                broken("empty labels", "campaign", put("labels", "[]"), "ERROR RANGE /labels"),
                broken("a label that is a number", "campaign", put("labels", "[\"apt\", 7]"), "ERROR TYPE /labels/1"),
                broken("confidence above 100", "campaign", put("confidence", "101"), "ERROR RANGE /confidence"),
                broken("confidence as a word", "campaign", put("confidence", "\"high\""), "ERROR TYPE /confidence"),
                broken("confidence as a fraction", "campaign", put("confidence", "50.5"), "ERROR TYPE /confidence"),
                broken("lang not a language tag", "campaign", put("lang", "\"日本語\""), "ERROR FORMAT /lang"),
                broken("external reference without source_name", "campaign",
                        put("external_references", "[{\"url\": \"https://example.com\"}]"),
                        "ERROR REQUIRED /external_references/0/source_name"),
                broken("external reference with only a source_name", "campaign",
                        put("external_references", "[{\"source_name\": \"veris\"}]"),
                        "ERROR REQUIRED /external_references/0"),
                broken("external reference with a short MD5", "campaign", put("external_references",
                        "[{\"source_name\": \"x\", \"url\": \"https://example.com/r.pdf\", \"hashes\": {\"MD5\": \"abc\"}}]"),
                        "ERROR FORMAT /external_references/0/hashes/MD5"),
                broken("external reference with a URL without scheme", "campaign",
                        put("external_references", "[{\"source_name\": \"x\", \"url\": \"example.com/report\"}]"),
                        "ERROR FORMAT /external_references/0/url"),
                broken("cve reference with a malformed id", "vulnerability",
                        put("external_references", "[{\"source_name\": \"cve\", \"external_id\": \"2016-1234\"}]"),
                        "WARNING BEST_PRACTICE /external_references/0/external_id"),
                broken("object_marking_refs to an identity", "campaign",
                        put("object_marking_refs", "[" + q(TestObjects.IDENTITY) + "]"),
                        "ERROR REFERENCE /object_marking_refs/0"),
                broken("granular marking with both marking_ref and lang", "campaign", put("granular_markings",
                        "[{\"selectors\": [\"name\"], \"lang\": \"en\", \"marking_ref\": " + q(TestObjects.TLP_WHITE) + "}]"),
                        "ERROR REQUIRED /granular_markings/0"),
                broken("granular marking without selectors", "campaign",
                        put("granular_markings", "[{\"marking_ref\": " + q(TestObjects.TLP_WHITE) + "}]"),
                        "ERROR REQUIRED /granular_markings/0/selectors"),
                broken("granular marking selecting a missing property", "campaign", put("granular_markings",
                        "[{\"selectors\": [\"name\", \"description\"], \"marking_ref\": " + q(TestObjects.TLP_WHITE) + "}]"),
                        "ERROR REFERENCE /granular_markings/0/selectors/1"),
                broken("granular marking selecting past the end of a list", "campaign",
                        put("labels", "[\"a\"]").andThen(put("granular_markings",
                        "[{\"selectors\": [\"labels.[1]\"], \"marking_ref\": " + q(TestObjects.TLP_WHITE) + "}]")),
                        "ERROR REFERENCE /granular_markings/0/selectors/0"),
                broken("extension key that is neither an id nor -ext", "campaign",
                        put("extensions", "{\"acme\": {\"x\": 1}}"), "ERROR FORMAT /extensions/acme"),
                broken("extension-definition extension without extension_type", "campaign",
                        put("extensions", "{" + q(TestObjects.EXTENSION) + ": {\"level\": \"amber\"}}"),
                        "ERROR REQUIRED /extensions/" + TestObjects.EXTENSION + "/extension_type"),
                broken("extension_type outside its enumeration", "campaign",
                        put("extensions", "{" + q(TestObjects.EXTENSION) + ": {\"extension_type\": \"property\"}}"),
                        "ERROR ENUMERATION /extensions/" + TestObjects.EXTENSION + "/extension_type"),
                broken("custom property outside an extension", "campaign", put("x_acme_score", "3"),
                        "WARNING UNKNOWN_PROPERTY /x_acme_score"),
                broken("custom property with an invalid name", "campaign", put("Score", "3"), "ERROR FORMAT /Score"),
                broken("custom _ref property holding no identifier", "campaign", put("x_acme_owner_ref", "\"bob\""),
                        "WARNING UNKNOWN_PROPERTY /x_acme_owner_ref", "ERROR IDENTIFIER /x_acme_owner_ref"),
                broken("null value", "campaign", put("description", "null"), "ERROR TYPE /description"),
                broken("created on an SCO is not an SCO property", "url", put("created", q(TestObjects.CREATED)),
                        "WARNING UNKNOWN_PROPERTY /created"));
    }

    static Stream<Case> domainObjectRules() {
        return Stream.of(
                broken("indicator without pattern", "indicator", remove("pattern"), "ERROR REQUIRED /pattern"),
                broken("indicator without valid_from", "indicator", remove("valid_from"), "ERROR REQUIRED /valid_from"),
                broken("indicator valid_until equal to valid_from", "indicator",
                        put("valid_until", "\"2024-04-01T00:00:00Z\""), "ERROR ORDER /valid_until"),
                broken("indicator whose STIX pattern does not parse", "indicator",
                        put("pattern", "\"ipv4-addr:value = '198.51.100.1'\""), "ERROR PATTERN /pattern"),
                broken("indicator with an unknown pattern_type (open vocabulary)", "indicator",
                        put("pattern_type", "\"kql\"").andThen(put("pattern", "\"DeviceEvents | take 1\"")),
                        "WARNING BEST_PRACTICE /pattern_type"),
                broken("indicator_types outside indicator-type-ov", "indicator",
                        put("indicator_types", "[\"malicious-activity\", \"c2\"]"),
                        "WARNING BEST_PRACTICE /indicator_types/1"),
                broken("relationship without relationship_type", "relationship", remove("relationship_type"),
                        "ERROR REQUIRED /relationship_type"),
                broken("relationship_type with capitals", "relationship", put("relationship_type", "\"Indicates\""),
                        "ERROR FORMAT /relationship_type"),
                broken("relationship to a marking-definition", "relationship",
                        put("target_ref", q(TestObjects.TLP_WHITE)), "ERROR REFERENCE /target_ref"),
                broken("relationship from a relationship", "relationship",
                        put("source_ref", q(TestObjects.RELATIONSHIP)), "ERROR REFERENCE /source_ref"),
                broken("relationship stop_time before start_time", "relationship",
                        put("start_time", "\"2024-04-02T00:00:00Z\"").andThen(put("stop_time", "\"2024-04-01T00:00:00Z\"")),
                        "ERROR ORDER /stop_time"),
                broken("sighting of an SCO", "sighting", put("sighting_of_ref", q(TestObjects.IPV4)),
                        "ERROR REFERENCE /sighting_of_ref"),
                broken("sighting observed_data_refs to an indicator", "sighting",
                        put("observed_data_refs", "[" + q(TestObjects.INDICATOR) + "]"),
                        "ERROR REFERENCE /observed_data_refs/0"),
                broken("sighting where_sighted_refs to a malware", "sighting",
                        put("where_sighted_refs", "[" + q(TestObjects.IDENTITY) + ", " + q(TestObjects.MALWARE) + "]"),
                        "ERROR REFERENCE /where_sighted_refs/1"),
                broken("sighting count below 0", "sighting", put("count", "-1"), "ERROR RANGE /count"),
                broken("sighting count above 999999999", "sighting", put("count", "1000000000"), "ERROR RANGE /count"),
                broken("sighting last_seen before first_seen", "sighting",
                        put("first_seen", "\"2024-04-02T00:00:00Z\"").andThen(put("last_seen", "\"2024-04-01T00:00:00Z\"")),
                        "ERROR ORDER /last_seen"),
                broken("report without published", "report", remove("published"), "ERROR REQUIRED /published"),
                broken("report with empty object_refs", "report", put("object_refs", "[]"), "ERROR RANGE /object_refs"),
                broken("report referencing a bundle", "report",
                        put("object_refs", "[\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\"]"),
                        "ERROR REFERENCE /object_refs/0"),
                broken("malware family without name", "malware", put("is_family", "true"), "ERROR REQUIRED /name"),
                broken("malware without is_family", "malware", remove("is_family"), "ERROR REQUIRED /is_family"),
                broken("malware sample_refs to a URL", "malware",
                        put("sample_refs", "[\"url--c1477287-23ac-5971-a010-5c287877fa60\"]"),
                        "ERROR REFERENCE /sample_refs/0"),
                broken("malware-analysis with neither result nor analysis_sco_refs", "malware-analysis",
                        remove("result"), "ERROR REQUIRED "),
                broken("observed-data number_observed 0", "observed-data", put("number_observed", "0"),
                        "ERROR RANGE /number_observed"),
                broken("observed-data last_observed before first_observed", "observed-data",
                        put("last_observed", "\"2023-12-31T23:59:59Z\""), "ERROR ORDER /last_observed"),
                broken("observed-data without object_refs", "observed-data", remove("object_refs"),
                        "ERROR REQUIRED /object_refs"),
                broken("observed-data referencing only relationships", "observed-data",
                        put("object_refs", "[" + q(TestObjects.RELATIONSHIP) + "]"), "ERROR REFERENCE /object_refs"),
                broken("observed-data referencing an SDO", "observed-data",
                        put("object_refs", "[" + q(TestObjects.IPV4) + ", " + q(TestObjects.MALWARE) + "]"),
                        "ERROR REFERENCE /object_refs/1"),
                broken("observed-data with objects and object_refs", "observed-data",
                        put("objects", "{\"0\": {\"type\": \"ipv4-addr\", \"value\": \"198.51.100.3\"}}"),
                        "WARNING BEST_PRACTICE /objects", "ERROR REQUIRED /objects"),
                broken("note without content", "note", remove("content"), "ERROR REQUIRED /content"),
                broken("note without object_refs", "note", remove("object_refs"), "ERROR REQUIRED /object_refs"),
                broken("opinion outside opinion-enum", "opinion", put("opinion", "\"maybe\""),
                        "ERROR ENUMERATION /opinion"),
                broken("location without region, country or coordinates", "location", remove("country"),
                        "ERROR REQUIRED "),
                broken("location latitude above 90", "location",
                        put("latitude", "90.5").andThen(put("longitude", "139.7")), "ERROR RANGE /latitude"),
                broken("location longitude below -180", "location",
                        put("latitude", "35.6").andThen(put("longitude", "-180.1")), "ERROR RANGE /longitude"),
                broken("location latitude without longitude", "location", put("latitude", "35.6"),
                        "ERROR REQUIRED /longitude"),
                broken("location precision without coordinates", "location", put("precision", "1000"),
                        "ERROR REQUIRED /latitude", "ERROR REQUIRED /longitude"),
                broken("location region outside region-ov", "location", put("region", "\"kanto\""),
                        "WARNING BEST_PRACTICE /region"),
                broken("grouping without context", "grouping", remove("context"), "ERROR REQUIRED /context"),
                broken("identity without name", "identity", remove("name"), "ERROR REQUIRED /name"),
                broken("identity_class outside identity-class-ov", "identity", put("identity_class", "\"csirt\""),
                        "WARNING BEST_PRACTICE /identity_class"),
                broken("kill chain phase without phase_name", "attack-pattern",
                        put("kill_chain_phases", "[{\"kill_chain_name\": \"lockheed-martin-cyber-kill-chain\"}]"),
                        "ERROR REQUIRED /kill_chain_phases/0/phase_name"),
                broken("threat-actor sophistication outside its vocabulary", "threat-actor",
                        put("sophistication", "\"elite\""), "WARNING BEST_PRACTICE /sophistication"));
    }

    static Stream<Case> observableRules() {
        return Stream.of(
                broken("ipv4 octet above 255", "ipv4-addr", put("value", "\"256.1.1.1\""), "ERROR FORMAT /value"),
                broken("ipv4 prefix above 32", "ipv4-addr", put("value", "\"10.0.0.0/33\""), "ERROR FORMAT /value"),
                broken("ipv4 holding an IPv6 address", "ipv4-addr", put("value", "\"2001:db8::1\""), "ERROR FORMAT /value"),
                broken("ipv6 with a non-hex group", "ipv6-addr", put("value", "\"2001:db8::g\""), "ERROR FORMAT /value"),
                broken("ipv6 prefix above 128", "ipv6-addr", put("value", "\"2001:db8::/129\""), "ERROR FORMAT /value"),
                broken("ipv4 resolves_to_refs to a domain", "ipv4-addr",
                        put("resolves_to_refs", "[" + q(TestObjects.DOMAIN) + "]"), "ERROR REFERENCE /resolves_to_refs/0"),
                broken("mac address in upper case", "mac-addr", put("value", "\"D2:FB:49:24:37:18\""),
                        "ERROR FORMAT /value"),
                broken("mac address with dashes", "mac-addr", put("value", "\"d2-fb-49-24-37-18\""),
                        "ERROR FORMAT /value"),
                broken("domain name with a space", "domain-name", put("value", "\"exa mple.com\""),
                        "ERROR FORMAT /value"),
                broken("domain label starting with a hyphen", "domain-name", put("value", "\"-bad.example.com\""),
                        "ERROR FORMAT /value"),
                broken("email address without @", "email-addr", put("value", "\"john.example.com\""),
                        "ERROR FORMAT /value"),
                broken("email address belongs_to_ref to an identity", "email-addr",
                        put("belongs_to_ref", q(TestObjects.IDENTITY)), "ERROR REFERENCE /belongs_to_ref"),
                broken("url without scheme", "url", put("value", "\"example.com/index.html\""), "ERROR FORMAT /value"),
                broken("file without name or hashes", "file", remove("name"), "ERROR REQUIRED "),
                broken("file SHA-256 of the wrong length", "file", put("hashes", "{\"SHA-256\": \"abcd\"}"),
                        "ERROR FORMAT /hashes/SHA-256"),
                broken("file hash algorithm spelled sha256", "file", put("hashes",
                        "{\"sha256\": \"ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c\"}"),
                        "WARNING BEST_PRACTICE /hashes/sha256"),
                broken("file MD5 with non-hex digits", "file",
                        put("hashes", "{\"MD5\": \"zz1dd76872d80801692ff942308c64e6\"}"), "ERROR FORMAT /hashes/MD5"),
                broken("file with an empty hashes dictionary", "file", put("hashes", "{}"), "ERROR RANGE /hashes"),
                broken("file size below 0", "file", put("size", "-1"), "ERROR RANGE /size"),
                broken("file parent_directory_ref to a file", "file", put("parent_directory_ref", q(TestObjects.FILE)),
                        "ERROR REFERENCE /parent_directory_ref"),
                broken("file magic_number_hex with odd length", "file", put("magic_number_hex", "\"FFD8F\""),
                        "ERROR FORMAT /magic_number_hex"),
                broken("archive-ext without contains_refs", "file", put("extensions", "{\"archive-ext\": {\"comment\": \"x\"}}"),
                        "ERROR REQUIRED /extensions/archive-ext/contains_refs"),
                broken("windows-pebinary-ext without pe_type", "file",
                        put("extensions", "{\"windows-pebinary-ext\": {\"imphash\": \"1c5b2a\"}}"),
                        "ERROR REQUIRED /extensions/windows-pebinary-ext/pe_type"),
                broken("ntfs-ext alternate data stream without name", "file",
                        put("extensions", "{\"ntfs-ext\": {\"alternate_data_streams\": [{\"size\": 25}]}}"),
                        "ERROR REQUIRED /extensions/ntfs-ext/alternate_data_streams/0/name"),
                broken("predefined extension on the wrong object", "url",
                        put("extensions", "{\"archive-ext\": {\"contains_refs\": [" + q(TestObjects.FILE) + "]}}"),
                        "WARNING UNKNOWN_PROPERTY /extensions/archive-ext"),
                broken("artifact with url but no hashes", "artifact",
                        remove("payload_bin").andThen(put("url", "\"https://example.com/sample.bin\"")),
                        "ERROR REQUIRED /hashes"),
                broken("artifact with payload_bin and url", "artifact", put("url", "\"https://example.com/a.bin\"")
                        .andThen(put("hashes", "{\"MD5\": \"001dd76872d80801692ff942308c64e6\"}")),
                        "ERROR REQUIRED /url"),
                broken("artifact payload_bin that is not base64", "artifact", put("payload_bin", "\"hello world\""),
                        "ERROR FORMAT /payload_bin"),
                broken("artifact encryption_algorithm outside the enumeration", "artifact",
                        put("encryption_algorithm", "\"AES-128-CBC\""), "ERROR ENUMERATION /encryption_algorithm"),
                broken("artifact decryption_key without encryption_algorithm", "artifact",
                        put("decryption_key", "\"infected\""), "ERROR REQUIRED /encryption_algorithm"),
                broken("email-message multipart with body", "email-message",
                        put("is_multipart", "true").andThen(put("body", "\"hello\"")), "ERROR REQUIRED /body"),
                broken("email-message from_ref to an ipv4-addr", "email-message", put("from_ref", q(TestObjects.IPV4)),
                        "ERROR REFERENCE /from_ref"),
                broken("email MIME part with neither body nor body_raw_ref", "email-message",
                        put("is_multipart", "true").andThen(put("body_multipart", "[{\"content_type\": \"text/plain\"}]")),
                        "ERROR REQUIRED /body_multipart/0"),
                broken("network-traffic without src_ref or dst_ref", "network-traffic", remove("src_ref"),
                        "ERROR REQUIRED "),
                broken("network-traffic without protocols", "network-traffic", remove("protocols"),
                        "ERROR REQUIRED /protocols"),
                broken("network-traffic port above 65535", "network-traffic", put("dst_port", "65536"),
                        "ERROR RANGE /dst_port"),
                broken("active network-traffic with an end", "network-traffic",
                        put("is_active", "true").andThen(put("end", "\"2024-04-01T00:00:00Z\"")), "ERROR REQUIRED /end"),
                broken("network-traffic ending before its start", "network-traffic",
                        put("start", "\"2024-04-01T00:00:01Z\"").andThen(put("end", "\"2024-04-01T00:00:00Z\"")),
                        "ERROR ORDER /end"),
                broken("socket-ext address_family outside its enumeration", "network-traffic",
                        put("extensions", "{\"socket-ext\": {\"address_family\": \"AF_FOO\"}}"),
                        "ERROR ENUMERATION /extensions/socket-ext/address_family"),
                broken("process with nothing of its own", "process", remove("pid"), "ERROR REQUIRED "),
                broken("process parent_ref to a file", "process", put("parent_ref", q(TestObjects.FILE)),
                        "ERROR REFERENCE /parent_ref"),
                broken("windows-service-ext start_type outside its enumeration", "process",
                        put("extensions", "{\"windows-service-ext\": {\"start_type\": \"AUTO\"}}"),
                        "ERROR ENUMERATION /extensions/windows-service-ext/start_type"),
                broken("registry value data_type outside windows-registry-datatype-enum", "windows-registry-key",
                        put("values", "[{\"name\": \"Foo\", \"data\": \"qwerty\", \"data_type\": \"REG_TEXT\"}]"),
                        "ERROR ENUMERATION /values/0/data_type"),
                broken("user-account account_type outside account-type-ov", "user-account",
                        put("account_type", "\"mastodon\""), "WARNING BEST_PRACTICE /account_type"),
                broken("user-account with nothing of its own", "user-account", remove("user_id"), "ERROR REQUIRED "),
                broken("x509-certificate with nothing of its own", "x509-certificate", remove("serial_number"),
                        "ERROR REQUIRED "),
                broken("software cpe of the wrong version", "software", put("cpe", "\"cpe:/a:microsoft:word:2000\""),
                        "ERROR FORMAT /cpe"),
                broken("autonomous-system number as a string", "autonomous-system", put("number", "\"AS15169\""),
                        "ERROR TYPE /number"));
    }

    static Stream<Case> metaObjectRules() {
        return Stream.of(
                broken("marking-definition without definition", "marking-definition", remove("definition"),
                        "ERROR REQUIRED /definition"),
                broken("statement marking without statement", "marking-definition",
                        put("definition", "{\"text\": \"Copyright\"}"),
                        "ERROR REQUIRED /definition/statement", "WARNING UNKNOWN_PROPERTY /definition/text"),
                broken("TLP marking with an id of its own", "marking-definition", put("definition_type", "\"tlp\"")
                        .andThen(put("definition", "{\"tlp\": \"white\"}")), "ERROR IDENTIFIER /id"),
                broken("marking-definitions are not versioned", "marking-definition", put("modified", q(TestObjects.CREATED)),
                        "WARNING UNKNOWN_PROPERTY /modified"),
                broken("language-content without contents", "language-content", remove("contents"),
                        "ERROR REQUIRED /contents"),
                broken("language-content contents keyed by a non-language", "language-content",
                        put("contents", "{\"japanese\": {\"name\": \"x\"}, \"日本\": {\"name\": \"y\"}}"),
                        "ERROR FORMAT /contents/日本"),
                broken("language-content object_ref to a language-content", "language-content",
                        put("object_ref", "\"language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d\""),
                        "ERROR REFERENCE /object_ref"),
                broken("extension-definition without created_by_ref", "extension-definition", remove("created_by_ref"),
                        "ERROR REQUIRED /created_by_ref"),
                broken("extension-definition version not semantic", "extension-definition", put("version", "\"1.0\""),
                        "ERROR FORMAT /version"),
                broken("extension-definition extension type outside its enumeration", "extension-definition",
                        put("extension_types", "[\"new-thing\"]"), "ERROR ENUMERATION /extension_types/0"),
                broken("extension_properties without toplevel-property-extension", "extension-definition",
                        put("extension_properties", "[\"x_level\"]"), "ERROR REQUIRED /extension_properties"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"commonRules", "domainObjectRules", "observableRules", "metaObjectRules"})
    void eachBrokenRuleIsReportedWithItsCodeAndPath(Case c) {
        ObjectNode object = minimal(c.type());
        c.mutation().accept(object);
        List<StixProblem> found = validator.validate(object);
        assertThat(found).extracting(p -> (p.severity() + " " + p.code() + " " + p.path()).strip())
                .as("problems of %s: %s", c, found)
                .containsExactlyElementsOf(c.expected().stream().map(String::strip).toList());
        boolean anyError = c.expected().stream().anyMatch(e -> e.startsWith("ERROR"));
        assertThat(StixProblem.noErrors(found)).as("valid").isEqualTo(!anyError);
    }

    static String q(String text) {
        return "\"" + text + "\"";
    }
}
