package org.kizashi.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kizashi.intel.exchange.StixValidators;
import org.kizashi.intel.stix.StixProblem;
import org.kizashi.intel.stix.pattern.StixPattern;
import org.kizashi.intel.stix.pattern.StixPatternException;

/** Every mapped attribute type, once for detection (the exact pattern) and once observed (the SCOs). */
class MispPatternTableTest {
    private static final String ATTRIBUTE = "0c4f3a5e-2b1d-4e6f-8a7b-9c0d1e2f3a4b";
    private static final String MD5 = "b2a5abfeef9e36964281a31e17b57c97";
    private static final String SHA1 = "2920d5e6c579fce772e5506caf03af65579088bd";
    private static final String SHA256 = "7fa4482bfbca550ce296d8e791b1091d60b15e1e94a6b5e5e15b3c8e8f7a9c01";
    private static final String SHA512 = SHA256 + SHA256;
    private static final String SSDEEP = "3072:Z3Yhrx2V8vHqo7k9yLq1pRk+0bA:Z3YhrxQvHqo7k9ydRk+0bA";

    /** type, value, pattern, SCO types of the observed-data (empty: observed, it is a note). */
    static Stream<Arguments> types() {
        return Stream.of(
                arguments("ip-src", "192.0.2.1", "[network-traffic:src_ref.type = 'ipv4-addr'"
                        + " AND network-traffic:src_ref.value = '192.0.2.1']", List.of("network-traffic", "ipv4-addr")),
                arguments("ip-dst", "2001:db8::1", "[network-traffic:dst_ref.type = 'ipv6-addr'"
                        + " AND network-traffic:dst_ref.value = '2001:db8::1']", List.of("network-traffic", "ipv6-addr")),
                arguments("ip-src|port", "192.0.2.1|4444", "[network-traffic:src_ref.type = 'ipv4-addr'"
                        + " AND network-traffic:src_ref.value = '192.0.2.1' AND network-traffic:src_port = 4444]",
                        List.of("network-traffic", "ipv4-addr")),
                arguments("ip-dst|port", "192.0.2.1|443", "[network-traffic:dst_ref.type = 'ipv4-addr'"
                        + " AND network-traffic:dst_ref.value = '192.0.2.1' AND network-traffic:dst_port = 443]",
                        List.of("network-traffic", "ipv4-addr")),
                arguments("hostname|port", "c2.example.com|8080", "[network-traffic:dst_ref.type = 'domain-name'"
                        + " AND network-traffic:dst_ref.value = 'c2.example.com' AND network-traffic:dst_port = 8080]",
                        List.of("network-traffic", "domain-name")),
                arguments("domain", "example.com", "[domain-name:value = 'example.com']", List.of("domain-name")),
                arguments("hostname", "www.example.com", "[domain-name:value = 'www.example.com']",
                        List.of("domain-name")),
                arguments("domain|ip", "example.com|192.0.2.1", "[domain-name:value = 'example.com'"
                        + " AND domain-name:resolves_to_refs[*].value = '192.0.2.1']", List.of("domain-name", "ipv4-addr")),
                arguments("url", "https://example.com/a?b=c", "[url:value = 'https://example.com/a?b=c']",
                        List.of("url")),
                arguments("link", "https://example.com/report", "[url:value = 'https://example.com/report']",
                        List.of("url")),
                arguments("uri", "https://example.com/x", "[url:value = 'https://example.com/x']", List.of("url")),
                arguments("email", "a@example.com", "[email-addr:value = 'a@example.com']", List.of("email-addr")),
                arguments("email-src", "a@example.com", "[email-message:from_ref.value = 'a@example.com']",
                        List.of("email-addr", "email-message")),
                arguments("email-dst", "b@example.com", "[email-message:to_refs[*].value = 'b@example.com']",
                        List.of("email-addr", "email-message")),
                arguments("email-subject", "Re: お見積り", "[email-message:subject = 'Re: お見積り']",
                        List.of("email-message")),
                arguments("email-message-id", "<1234@example.com>", "[email-message:message_id = '<1234@example.com>']",
                        List.of("email-message")),
                arguments("email-body", "Please open the attachment.", "[email-message:body = 'Please open the"
                        + " attachment.']", List.of("email-message")),
                arguments("email-reply-to", "r@example.com", "[email-message:additional_header_fields.'Reply-To'"
                        + " = 'r@example.com']", List.of("email-message")),
                arguments("email-x-mailer", "Becky! ver. 2.75", "[email-message:additional_header_fields.'X-Mailer'"
                        + " = 'Becky! ver. 2.75']", List.of("email-message")),
                arguments("email-attachment", "見積書.doc.exe", "[email-message:body_multipart[*].body_raw_ref.name"
                        + " = '見積書.doc.exe']", List.of("file", "email-message")),
                arguments("filename", "C:\\Temp\\it's.exe", "[file:name = 'C:\\\\Temp\\\\it\\'s.exe']",
                        List.of("file")),
                arguments("md5", MD5, "[file:hashes.MD5 = '" + MD5 + "']", List.of("file")),
                arguments("sha1", SHA1, "[file:hashes.'SHA-1' = '" + SHA1 + "']", List.of("file")),
                arguments("sha224", SHA256.substring(0, 56), "[file:hashes.'SHA-224' = '" + SHA256.substring(0, 56)
                        + "']", List.of("file")),
                arguments("sha256", SHA256, "[file:hashes.'SHA-256' = '" + SHA256 + "']", List.of("file")),
                arguments("sha384", SHA512.substring(0, 96), "[file:hashes.'SHA-384' = '" + SHA512.substring(0, 96)
                        + "']", List.of("file")),
                arguments("sha512", SHA512, "[file:hashes.'SHA-512' = '" + SHA512 + "']", List.of("file")),
                arguments("sha3-224", SHA256.substring(0, 56), "[file:hashes.'SHA3-224' = '"
                        + SHA256.substring(0, 56) + "']", List.of("file")),
                arguments("sha3-256", SHA256, "[file:hashes.'SHA3-256' = '" + SHA256 + "']", List.of("file")),
                arguments("sha3-384", SHA512.substring(0, 96), "[file:hashes.'SHA3-384' = '"
                        + SHA512.substring(0, 96) + "']", List.of("file")),
                arguments("sha3-512", SHA512, "[file:hashes.'SHA3-512' = '" + SHA512 + "']", List.of("file")),
                arguments("ssdeep", SSDEEP, "[file:hashes.SSDEEP = '" + SSDEEP + "']", List.of("file")),
                arguments("tlsh", "T1" + SHA512.substring(0, 70).toUpperCase(), "[file:hashes.TLSH = 'T1"
                        + SHA512.substring(0, 70).toUpperCase() + "']", List.of("file")),
                arguments("filename|md5", "a|b.exe|" + MD5, "[file:name = 'a|b.exe' AND file:hashes.MD5 = '" + MD5
                        + "']", List.of("file")),
                arguments("filename|sha1", "a.exe|" + SHA1, "[file:name = 'a.exe' AND file:hashes.'SHA-1' = '"
                        + SHA1 + "']", List.of("file")),
                arguments("filename|sha256", "a.exe|" + SHA256, "[file:name = 'a.exe' AND file:hashes.'SHA-256' = '"
                        + SHA256 + "']", List.of("file")),
                arguments("filename|sha512", "a.exe|" + SHA512, "[file:name = 'a.exe' AND file:hashes.'SHA-512' = '"
                        + SHA512 + "']", List.of("file")),
                arguments("filename|ssdeep", "a.exe|" + SSDEEP, "[file:name = 'a.exe' AND file:hashes.SSDEEP = '"
                        + SSDEEP + "']", List.of("file")),
                arguments("size-in-bytes", "1024", "[file:size = 1024]", List.of()),
                arguments("x509-fingerprint-md5", MD5, "[x509-certificate:hashes.MD5 = '" + MD5 + "']",
                        List.of("x509-certificate")),
                arguments("x509-fingerprint-sha1", SHA1, "[x509-certificate:hashes.'SHA-1' = '" + SHA1 + "']",
                        List.of("x509-certificate")),
                arguments("x509-fingerprint-sha256", SHA256, "[x509-certificate:hashes.'SHA-256' = '" + SHA256
                        + "']", List.of("x509-certificate")),
                arguments("mutex", "Local\\Emdivi_t17", "[mutex:name = 'Local\\\\Emdivi_t17']", List.of("mutex")),
                arguments("regkey", "HKLM\\SOFTWARE\\Run", "[windows-registry-key:key = 'HKLM\\\\SOFTWARE\\\\Run']",
                        List.of("windows-registry-key")),
                arguments("regkey|value", "HKLM\\SOFTWARE\\Run|c:\\a.exe", "[windows-registry-key:key ="
                        + " 'HKLM\\\\SOFTWARE\\\\Run' AND windows-registry-key:values[*].data = 'c:\\\\a.exe']",
                        List.of("windows-registry-key")),
                arguments("AS", "AS2914", "[autonomous-system:number = 2914]", List.of("autonomous-system")),
                arguments("mac-address", "00:0A:95:9D:68:16", "[mac-addr:value = '00:0a:95:9d:68:16']",
                        List.of("mac-addr")),
                arguments("user-agent", "Mozilla/5.0 'x'", "[network-traffic:extensions.'http-request-ext'"
                        + ".request_header.'User-Agent' = 'Mozilla/5.0 \\'x\\'']", List.of()),
                arguments("http-method", "POST", "[network-traffic:extensions.'http-request-ext'.request_method"
                        + " = 'POST']", List.of()),
                arguments("port", "8080", "[network-traffic:dst_port = 8080]", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void forDetectionTheAttributeIsAnIndicatorWithExactlyThisPattern(String type, String value, String pattern,
                                                                     List<String> observed)
            throws MispFormatException, StixPatternException {
        MispConversion conversion = convertSingle(type, value, true);
        ObjectNode indicator = MispFixtures.object(conversion, "indicator--" + ATTRIBUTE);
        assertThat(indicator.get("pattern").asText()).isEqualTo(pattern);
        assertThat(indicator.get("pattern_type").asText()).isEqualTo("stix");
        StixPattern.parse(pattern);
        assertValid(conversion);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void observedTheAttributeIsObservedDataWithItsObservablesOrANote(String type, String value, String pattern,
                                                                    List<String> observed)
            throws MispFormatException {
        MispConversion conversion = convertSingle(type, value, false);
        if (observed.isEmpty()) {
            assertThat(MispFixtures.object(conversion, "note--" + ATTRIBUTE).get("content").asText())
                    .isEqualTo(value);
        } else {
            ObjectNode data = MispFixtures.object(conversion, "observed-data--" + ATTRIBUTE);
            assertThat(MispFixtures.texts(data.get("object_refs")).stream().map(Stix::typeOf).toList())
                    .containsExactlyInAnyOrderElementsOf(observed);
        }
        assertValid(conversion);
    }

    @Test
    void theTableCoversEveryMappedObservableType() {
        Set<String> tested = types().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        assertThat(AttributeTypes.names())
                .filteredOn(t -> AttributeTypes.get(t).kind() == AttributeTypes.Kind.OBSERVABLE)
                .filteredOn(t -> !isHashPair(t))
                .allSatisfy(t -> assertThat(tested).as("tested types").contains(t));
    }

    @Test
    void signaturesAreIndicatorsInTheirOwnPatternLanguage() throws MispFormatException {
        String rule = "alert tcp any any -> any 443 (msg:\"Emdivi beacon\"; content:\"/index.php?\"; sid:1000001;)";
        ObjectNode snort = MispFixtures.object(convertSingle("snort", rule, false), "indicator--" + ATTRIBUTE);
        assertThat(snort.get("pattern_type").asText()).isEqualTo("snort");
        assertThat(snort.get("pattern").asText()).isEqualTo(rule);
        assertThat(snort.has("pattern_version")).isFalse();
    }

    @Test
    void aVulnerabilityIsAVulnerabilityWithItsCveReference() throws MispFormatException {
        MispConversion conversion = convertSingle("vulnerability", "CVE-2014-6352", true);
        ObjectNode vulnerability = MispFixtures.object(conversion, "vulnerability--" + ATTRIBUTE);
        assertThat(vulnerability.get("name").asText()).isEqualTo("CVE-2014-6352");
        assertThat(vulnerability.at("/external_references/0/external_id").asText()).isEqualTo("CVE-2014-6352");
        assertValid(conversion);
    }

    /** filename|&lt;hash&gt; types follow one rule; the table tests four of them. */
    private static boolean isHashPair(String type) {
        return type.startsWith("filename|") && AttributeTypes.HASHES.containsKey(type.substring(9));
    }

    private static MispConversion convertSingle(String type, String value, boolean toIds) throws MispFormatException {
        ObjectNode root = MispFixtures.JSON.createObjectNode();
        ObjectNode event = root.putObject("Event");
        event.put("uuid", "1e2d3c4b-5a69-4788-9a6b-5c4d3e2f1a0b");
        event.put("info", "one attribute");
        event.put("date", "2024-01-15");
        event.put("timestamp", "1705276800");
        event.put("distribution", "1");
        event.putObject("Orgc").put("name", "Example CSIRT").put("uuid", "5b1c2d3e-4f50-4c6d-9e7f-8091a2b3c4d5");
        event.putArray("Attribute").addObject()
                .put("uuid", ATTRIBUTE).put("type", type).put("category", "Network activity")
                .put("value", value).put("to_ids", toIds).put("timestamp", "1705276800");
        List<MispConversion> conversions = new MispImport().convert(root);
        assertThat(conversions.getFirst().warnings()).isEmpty();
        return conversions.getFirst();
    }

    private static void assertValid(MispConversion conversion) {
        for (ObjectNode object : conversion.objects()) {
            assertThat(StixValidators.withPatterns().validate(object))
                    .filteredOn(p -> p.severity() == StixProblem.Severity.ERROR)
                    .as("errors in %s", object).isEmpty();
        }
    }
}
