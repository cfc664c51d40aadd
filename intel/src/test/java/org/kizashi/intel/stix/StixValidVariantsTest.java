package org.kizashi.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kizashi.intel.stix.StixValidatorTest.json;
import static org.kizashi.intel.stix.StixValidatorTest.put;
import static org.kizashi.intel.stix.StixValidatorTest.q;
import static org.kizashi.intel.stix.TestObjects.minimal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the specification allows is not reported: the validator must not reject valid STIX. */
class StixValidVariantsTest {
    private final StixValidator validator = new StixValidator(TestObjects.BRACKETED_PATTERNS);

    record Variant(String name, String type, Consumer<ObjectNode> mutation) {
        @Override
        public String toString() {
            return type + ": " + name;
        }
    }

    static Stream<Variant> validVariants() {
        return Stream.of(
                new Variant("ipv4 CIDR block", "ipv4-addr", put("value", "\"10.0.0.0/8\"")),
                new Variant("ipv6 CIDR block", "ipv6-addr", put("value", "\"2001:db8::/32\"")),
                new Variant("ipv6 with an embedded IPv4 address", "ipv6-addr", put("value", "\"::ffff:192.0.2.1\"")),
                new Variant("internationalised domain name", "domain-name", put("value", "\"例え.テスト\"")),
                new Variant("service label with underscore", "domain-name", put("value", "\"_dmarc.example.jp\"")),
                new Variant("quoted local part", "email-addr", put("value", "\"\\\"john doe\\\"@example.com\"")),
                new Variant("defanged URL on a defanged object", "url",
                        put("value", "\"hxxp://example[.]com/\"").andThen(put("defanged", "true"))),
                new Variant("timestamp with nanoseconds", "indicator",
                        put("valid_from", "\"2024-04-01T00:00:00.123456789Z\"")),
                new Variant("leap second", "indicator", put("valid_from", "\"2016-12-31T23:59:60Z\"")),
                new Variant("modified equal to created", "campaign", put("modified", q(TestObjects.CREATED))),
                new Variant("TLP marking and statement reference", "campaign", put("object_marking_refs",
                        "[" + q(TestObjects.TLP_WHITE) + ", " + q(TestObjects.STATEMENT) + "]")),
                new Variant("granular markings by marking and by language", "campaign", put("labels", "[\"a\", \"b\"]")
                        .andThen(put("external_references", "[{\"source_name\": \"capec\", \"external_id\": \"CAPEC-163\"}]"))
                        .andThen(put("granular_markings", "[{\"selectors\": [\"name\", \"labels.[1]\","
                                + " \"external_references.[0].external_id\"], \"marking_ref\": " + q(TestObjects.TLP_WHITE)
                                + "}, {\"selectors\": [\"name\"], \"lang\": \"en\"}]"))),
                new Variant("extension by extension-definition", "campaign", put("extensions", "{"
                        + q(TestObjects.EXTENSION) + ": {\"extension_type\": \"property-extension\", \"level\": \"amber\"}}")),
                new Variant("top-level property extension", "campaign", put("x_level", "\"amber\"")
                        .andThen(put("extensions", "{" + q(TestObjects.EXTENSION)
                                + ": {\"extension_type\": \"toplevel-property-extension\"}}"))),
                new Variant("every vocabulary value in use", "threat-actor", put("threat_actor_types", "[\"nation-state\"]")
                        .andThen(put("roles", "[\"malware-author\"]"))
                        .andThen(put("sophistication", "\"expert\""))
                        .andThen(put("resource_level", "\"government\""))
                        .andThen(put("primary_motivation", "\"organizational-gain\""))
                        .andThen(put("personal_motivations", "[\"revenge\"]"))
                        .andThen(put("first_seen", "\"2020-01-01T00:00:00Z\""))
                        .andThen(put("last_seen", "\"2020-01-01T00:00:00Z\""))),
                new Variant("location by coordinates", "location", put("latitude", "35.6895")
                        .andThen(put("longitude", "139.6917")).andThen(put("precision", "500"))
                        .andThen(put("region", "\"eastern-asia\""))),
                new Variant("observed-data in the deprecated 2.0 form", "observed-data", object -> {
                    object.remove("object_refs");
                    object.set("objects", json("{\"0\": {\"type\": \"ipv4-addr\", \"value\": \"198.51.100.3\"}}"));
                }),
                new Variant("sighting with all its references", "sighting", put("observed_data_refs",
                        "[" + q(TestObjects.OBSERVED_DATA) + "]")
                        .andThen(put("where_sighted_refs", "[" + q(TestObjects.IDENTITY) + ", " + q(TestObjects.LOCATION) + "]"))
                        .andThen(put("count", "999999999")).andThen(put("summary", "false"))),
                new Variant("relationship to an SCO", "relationship", put("target_ref", q(TestObjects.IPV4))),
                new Variant("indicator in YARA is not parsed as STIX", "indicator",
                        put("pattern_type", "\"yara\"").andThen(put("pattern", "\"rule x { condition: true }\""))),
                new Variant("file with every predefined extension", "file", put("hashes", "{\"SHA-256\":"
                        + " \"ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c\", \"SSDEEP\":"
                        + " \"96:QRWkwoBevsL0JsIQ3pq7ofP8WMBSX6V1mN1b:QRWkwoBevsL0JsIQ3pq7QWMBSKVJ\","
                        + " \"TLSH\": \"T1" + "A".repeat(70) + "\", \"x_acme_hash\": \"123\"}")
                        .andThen(put("extensions", "{\"archive-ext\": {\"contains_refs\": [" + q(TestObjects.FILE) + ", "
                                + q(TestObjects.DIRECTORY) + "]}, \"ntfs-ext\": {\"alternate_data_streams\": [{\"name\":"
                                + " \"second.stream\", \"size\": 25536}]}, \"pdf-ext\": {\"version\": \"1.7\","
                                + " \"document_info_dict\": {\"Title\": \"Sample\"}}, \"raster-image-ext\":"
                                + " {\"image_height\": 768, \"exif_tags\": {\"Make\": \"Nikon\"}}, \"windows-pebinary-ext\":"
                                + " {\"pe_type\": \"exe\", \"machine_hex\": \"014c\", \"optional_header\": {\"magic_hex\":"
                                + " \"010b\", \"size_of_code\": 4096}, \"sections\": [{\"name\": \".text\", \"entropy\": 6.1}]}}"))
                        .andThen(put("parent_directory_ref", q(TestObjects.DIRECTORY)))
                        .andThen(put("content_ref", q(TestObjects.ARTIFACT)))),
                new Variant("network-traffic with its extensions", "network-traffic", put("extensions",
                        "{\"http-request-ext\": {\"request_method\": \"get\", \"request_value\": \"/download.html\","
                                + " \"request_header\": {\"Accept-Encoding\": \"gzip,deflate\"}}, \"tcp-ext\":"
                                + " {\"src_flags_hex\": \"00000002\"}, \"socket-ext\": {\"address_family\": \"AF_INET\","
                                + " \"socket_type\": \"SOCK_STREAM\", \"options\": {\"SO_TEST\": 1000}}}")
                        .andThen(put("start", "\"2024-04-01T00:00:00Z\"")).andThen(put("is_active", "true"))),
                new Variant("email message in parts", "email-message", put("is_multipart", "true")
                        .andThen(put("from_ref", q(TestObjects.EMAIL_ADDR)))
                        .andThen(put("body_multipart", "[{\"content_type\": \"text/plain\", \"body\": \"Hi\"},"
                                + " {\"content_type\": \"image/png\", \"body_raw_ref\": " + q(TestObjects.ARTIFACT) + "}]"))
                        .andThen(put("additional_header_fields", "{\"Reply-To\": [\"steve@example.com\"]}"))),
                new Variant("process with windows extensions", "process", put("extensions",
                        "{\"windows-process-ext\": {\"integrity_level\": \"high\"}, \"windows-service-ext\":"
                                + " {\"service_name\": \"sirvizio\", \"start_type\": \"SERVICE_AUTO_START\"}}")
                        .andThen(put("creator_user_ref", q(TestObjects.USER_ACCOUNT)))),
                new Variant("x509 v3 extensions", "x509-certificate", put("x509_v3_extensions",
                        "{\"basic_constraints\": \"critical,CA:TRUE\", \"private_key_usage_period_not_before\":"
                                + " \"2016-03-12T12:00:00Z\"}")),
                new Variant("malware family with its details", "malware", put("is_family", "true")
                        .andThen(put("name", "\"Cryptolocker\"")).andThen(put("malware_types", "[\"ransomware\"]"))
                        .andThen(put("operating_system_refs", "[" + q(TestObjects.SOFTWARE) + "]"))
                        .andThen(put("implementation_languages", "[\"c++\"]"))
                        .andThen(put("kill_chain_phases", "[{\"kill_chain_name\": \"mandiant-attack-lifecycle-model\","
                                + " \"phase_name\": \"initial-compromise\"}]"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validVariants")
    void isValidWithoutAnyProblem(Variant variant) {
        ObjectNode object = minimal(variant.type());
        variant.mutation().accept(object);
        List<StixProblem> problems = validator.validate(object);
        if (variant.name().contains("deprecated")) {
            assertThat(problems).extracting(StixProblem::severity).containsOnly(StixProblem.Severity.WARNING);
        } else {
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void theTlp1MarkingDefinitionsAreValidAndCannotBeAltered() {
        ObjectNode white = TestObjects.parse("""
                {"type": "marking-definition", "spec_version": "2.1",
                 "id": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "created": "2017-01-20T00:00:00.000Z",
                 "definition_type": "tlp", "name": "TLP:WHITE", "definition": {"tlp": "white"}}""");
        assertThat(validator.validate(white)).isEmpty();

        ObjectNode red = white.deepCopy();
        ((ObjectNode) red.get("definition")).put("tlp", "red");
        red.put("created", "2024-01-01T00:00:00.000Z");
        assertThat(validator.validate(red)).extracting(p -> p.code() + " " + p.path())
                .containsExactly("ENUMERATION /definition/tlp", "ENUMERATION /created");

        ObjectNode statement = white.deepCopy();
        statement.put("definition_type", "statement");
        statement.set("definition", json("{\"statement\": \"white\"}"));
        assertThat(validator.validate(statement)).extracting(p -> p.code() + " " + p.path())
                .containsExactly("ENUMERATION /definition_type");
    }

    @Test
    void theTlp2MarkingDefinitionsDefinedThroughTheirExtensionAreValid() {
        ObjectNode clear = TestObjects.parse("""
                {"type": "marking-definition", "spec_version": "2.1",
                 "id": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "created": "2022-10-01T00:00:00.000Z",
                 "name": "TLP:CLEAR", "extensions": {"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
                 {"extension_type": "property-extension", "tlp_2_0": "clear"}}}""");
        assertThat(validator.validate(clear)).isEmpty();

        ObjectNode wrongLevel = clear.deepCopy();
        ((ObjectNode) wrongLevel.at("/extensions/extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"))
                .put("tlp_2_0", "red");
        assertThat(validator.validate(wrongLevel)).extracting(p -> p.code() + " " + p.path()).containsExactly(
                "ENUMERATION /extensions/extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d/tlp_2_0");

        ObjectNode unknownLevel = clear.deepCopy();
        ((ObjectNode) unknownLevel.at("/extensions/extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"))
                .put("tlp_2_0", "white");
        assertThat(validator.validate(unknownLevel)).extracting(p -> p.code() + " " + p.path()).containsExactly(
                "ENUMERATION /extensions/extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d/tlp_2_0");

        ObjectNode withoutExtension = clear.deepCopy();
        withoutExtension.remove("extensions");
        assertThat(validator.validate(withoutExtension)).extracting(p -> p.code() + " " + p.path())
                .containsExactly("REQUIRED /definition_type", "REQUIRED /definition", "REQUIRED /extensions");
    }

    @Test
    void objectTypesDefinedByExtensionDefinitionsAreCheckedAsTheirCategory() {
        ObjectNode newSdo = TestObjects.parse("""
                {"type": "x-kizashi-alert", "spec_version": "2.1",
                 "id": "x-kizashi-alert--1f8a5f2e-7c38-4d8a-9d3d-6f0a6f2a1b6c",
                 "created": "2024-04-01T09:00:00.000Z", "modified": "2024-04-01T09:00:00.000Z",
                 "sensor": "tokyo-1", "extensions": {"%s": {"extension_type": "new-sdo"}}}"""
                .formatted(TestObjects.EXTENSION));
        assertThat(validator.validate(newSdo)).isEmpty();

        ObjectNode named = newSdo.deepCopy();
        named.put("type", "alert");
        named.put("id", "alert--1f8a5f2e-7c38-4d8a-9d3d-6f0a6f2a1b6c");
        named.remove("modified");
        assertThat(validator.validate(named)).extracting(p -> p.severity() + " " + p.code() + " " + p.path())
                .containsExactly("ERROR REQUIRED /modified");
    }

    @Test
    void thePatternCheckIsAskedAboutStixPatternsOnlyAndItsCrashIsAProblem() {
        List<String> asked = new ArrayList<>();
        StixValidator counting = new StixValidator(pattern -> {
            asked.add(pattern);
            return null;
        });
        ObjectNode stix = minimal("indicator");
        ObjectNode yara = minimal("indicator");
        yara.put("pattern_type", "yara");
        yara.put("pattern", "rule x { condition: true }");
        assertThat(counting.validate(stix)).isEmpty();
        assertThat(counting.validate(yara)).isEmpty();
        assertThat(asked).containsExactly("[ipv4-addr:value = '198.51.100.1']");

        StixValidator crashing = new StixValidator(pattern -> {
            throw new IllegalStateException("parser bug");
        });
        assertThat(crashing.validate(stix)).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(StixProblem.Code.PATTERN);
            assertThat(p.detail()).contains("parser bug");
        });
    }

    @Test
    void thePatternProblemQuotesThePatternAndTheCheckersMessage() {
        ObjectNode indicator = minimal("indicator");
        indicator.put("pattern", "file:name = 'x'");
        assertThat(validator.validate(indicator)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("/pattern");
            assertThat(p.objectId()).isEqualTo(TestObjects.INDICATOR);
            assertThat(p.detail()).isEqualTo("pattern 'file:name = 'x'' is not a valid STIX pattern: expected '[' at"
                    + " offset 0, found 'f'");
        });
    }

    @Test
    void anythingButAJsonObjectIsNotAStixObject() {
        assertThat(validator.validate(json("[1, 2]"))).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(StixProblem.Code.TYPE);
            assertThat(p.path()).isEmpty();
            assertThat(p.objectId()).isNull();
        });
        assertThat(validator.validate(json("{\"name\": \"x\"}"))).extracting(p -> p.code() + " " + p.path())
                .containsExactly("REQUIRED /type");
    }
}
