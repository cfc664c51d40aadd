package org.kizashi.intel.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each kind of object reports its observable values as "kind|value" keys, and different spellings of one value
 * (from different organisations, in SCOs or in indicator patterns) give the same key.
 */
class ObservableValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA256 = "AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F";
    private static final String SHA256_KEY = "file:SHA-256|" + SHA256.toLowerCase();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys of an SCO of the given type with one property. */
    private static List<String> sco(String type, String property, Object value) {
        ObjectNode object = JSON.createObjectNode().put("type", type).put("id", type + "--1");
        object.set(property, JSON.valueToTree(value));
        return ObservableValues.of(object);
    }

    private static List<String> value(String type, String value) {
        return sco(type, "value", value);
    }

    private static List<String> indicator(String pattern) {
        return ObservableValues.of(JSON.createObjectNode().put("type", "indicator").put("pattern", pattern)
                .put("pattern_type", "stix"));
    }

    // ---------------------------------------------------------------- cyber-observable objects
    @Test
    void ipv4AddrReportsItsValue() {
        assertThat(value("ipv4-addr", "198.51.100.1")).containsExactly("ipv4-addr|198.51.100.1");
    }

    @Test
    void ipv6AddrReportsItsValue() {
        assertThat(value("ipv6-addr", "2001:db8::1")).containsExactly("ipv6-addr|2001:db8::1");
    }

    @Test
    void domainNameReportsItsValue() {
        assertThat(value("domain-name", "example.com")).containsExactly("domain-name|example.com");
    }

    @Test
    void urlReportsItsValue() {
        assertThat(value("url", "https://example.com/a?b=c")).containsExactly("url|https://example.com/a?b=c");
    }

    @Test
    void emailAddrReportsItsValue() {
        assertThat(value("email-addr", "john@example.com")).containsExactly("email-addr|john@example.com");
    }

    @Test
    void macAddrReportsItsValue() {
        assertThat(value("mac-addr", "d2:fb:49:24:37:18")).containsExactly("mac-addr|d2:fb:49:24:37:18");
    }

    @Test
    void autonomousSystemReportsItsNumber() {
        assertThat(sco("autonomous-system", "number", 64496)).containsExactly("autonomous-system|64496");
    }

    @Test
    void fileReportsEachOfItsHashes() {
        assertThat(ObservableValues.of(json("""
                {"type": "file", "name": "a.exe",
                 "hashes": {"SHA-256": "%s", "MD5": "cead3f77f6cda6ec00f57d76c9a6879f"}}
                """.formatted(SHA256))))
                .containsExactly("file:MD5|cead3f77f6cda6ec00f57d76c9a6879f", SHA256_KEY);
    }

    @Test
    void artifactHashesUseTheFilePrefixSoTheSameContentCorrelates() {
        List<String> artifact = sco("artifact", "hashes", Map.of("SHA-256", SHA256));
        List<String> file = sco("file", "hashes", Map.of("SHA-256", SHA256));
        assertThat(artifact).containsExactly(SHA256_KEY).isEqualTo(file);
    }

    @Test
    void certificateHashesHaveTheirOwnPrefix() {
        assertThat(sco("x509-certificate", "hashes", Map.of("SHA-1", "A5E2F2C5A2B1E8B84B8DA70F9E35CC0D3B2A4C6D")))
                .containsExactly("x509-certificate:SHA-1|a5e2f2c5a2b1e8b84b8da70f9e35cc0d3b2a4c6d");
    }

    @Test
    void windowsRegistryKeyIsReportedInLowerCase() {
        assertThat(sco("windows-registry-key", "key", "HKEY_LOCAL_MACHINE\\System\\Foo"))
                .containsExactly("windows-registry-key|hkey_local_machine\\system\\foo");
    }

    @Test
    void emailMessageReportsNothingBecauseItIsTooGeneric() {
        assertThat(ObservableValues.of(json("""
                {"type": "email-message", "is_multipart": false, "subject": "Invoice", "from_ref": "email-addr--1"}
                """))).isEmpty();
    }

    @Test
    void objectsWithoutAnObservableValueReportNothing() {
        assertThat(ObservableValues.of(json("""
                {"type": "malware", "name": "198.51.100.1", "is_family": false}"""))).isEmpty();
        assertThat(ObservableValues.of(json("""
                {"type": "network-traffic", "dst_ref": "ipv4-addr--1", "protocols": ["tcp"]}"""))).isEmpty();
    }

    // ---------------------------------------------------------------- normalisation
    @Test
    void ipv4OctetsWithLeadingZerosAreReadAsDecimal() {
        assertThat(value("ipv4-addr", " 010.001.000.099 ")).containsExactly("ipv4-addr|10.1.0.99");
    }

    @Test
    void ipv4SlashThirtyTwoIsTheBareAddress() {
        assertThat(value("ipv4-addr", "198.51.100.1/32")).containsExactly("ipv4-addr|198.51.100.1");
    }

    @Test
    void ipv4NetworksKeepTheirPrefixWithHostBitsCleared() {
        assertThat(value("ipv4-addr", "198.51.100.77/24")).containsExactly("ipv4-addr|198.51.100.0/24");
        assertThat(value("ipv4-addr", "10.1.2.3/0")).containsExactly("ipv4-addr|0.0.0.0/0");
    }

    @Test
    void invalidIpv4IsNotIndexed() {
        for (String invalid : List.of("256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.4/33", "0x7f.0.0.1", "1.2.3.4/",
                "1..2.3", "example.com")) {
            assertThat(value("ipv4-addr", invalid)).as(invalid).isEmpty();
        }
    }

    @Test
    void ipv6IsInCanonicalTextWithTheLongestZeroRunCompressed() {
        assertThat(value("ipv6-addr", "2001:0DB8:0000:0000:0000:0000:0000:0001"))
                .containsExactly("ipv6-addr|2001:db8::1");
        assertThat(value("ipv6-addr", "2001:0:0:1:0:0:0:1")).containsExactly("ipv6-addr|2001:0:0:1::1");
        assertThat(value("ipv6-addr", "2001:db8:0:0:1:0:0:1")).containsExactly("ipv6-addr|2001:db8::1:0:0:1");
    }

    @Test
    void ipv6SingleZeroGroupIsNotCompressed() {
        assertThat(value("ipv6-addr", "2001:db8:0:1:1:1:1:1")).containsExactly("ipv6-addr|2001:db8:0:1:1:1:1:1");
        assertThat(value("ipv6-addr", "2001:db8::1:1:1:1:1")).containsExactly("ipv6-addr|2001:db8:0:1:1:1:1:1");
    }

    @Test
    void ipv6AllZerosAndLoopback() {
        assertThat(value("ipv6-addr", "0:0:0:0:0:0:0:0")).containsExactly("ipv6-addr|::");
        assertThat(value("ipv6-addr", "::0001")).containsExactly("ipv6-addr|::1");
    }

    @Test
    void ipv6MappedIpv4UsesTheMixedNotation() {
        assertThat(value("ipv6-addr", "::FFFF:c000:0201")).containsExactly("ipv6-addr|::ffff:192.0.2.1");
        assertThat(value("ipv6-addr", "0:0:0:0:0:ffff:192.0.2.1")).containsExactly("ipv6-addr|::ffff:192.0.2.1");
    }

    @Test
    void ipv6SlashOneTwentyEightIsTheBareAddressAndOtherPrefixesClearHostBits() {
        assertThat(value("ipv6-addr", "2001:db8::1/128")).containsExactly("ipv6-addr|2001:db8::1");
        assertThat(value("ipv6-addr", "2001:db8:abcd:12ff::1/52")).containsExactly("ipv6-addr|2001:db8:abcd:1000::/52");
    }

    @Test
    void invalidIpv6IsNotIndexed() {
        for (String invalid : List.of("2001:db8::1::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1", ":1::2",
                "1:2:3:4:5:6:7:8::", "fe80::1%eth0", "2001:db8::/129", "::ffff:1.2.3", "g::1", "198.51.100.1")) {
            assertThat(value("ipv6-addr", invalid)).as(invalid).isEmpty();
        }
    }

    @Test
    void domainNameIsLowerCasedWithoutTheTrailingDot() {
        assertThat(value("domain-name", " WWW.Example.COM. ")).containsExactly("domain-name|www.example.com");
    }

    @Test
    void japaneseDomainNameIsConvertedToPunycode() {
        assertThat(value("domain-name", "例え.jp")).containsExactly("domain-name|xn--r8jz45g.jp");
        assertThat(value("domain-name", "例え。JP.")).containsExactly("domain-name|xn--r8jz45g.jp");
        assertThat(value("domain-name", "xn--R8JZ45G.jp")).containsExactly("domain-name|xn--r8jz45g.jp");
    }

    @Test
    void domainNameThatIdnRejectsIsKeptLowerCased() {
        String longLabel = "例".repeat(70);
        assertThat(value("domain-name", longLabel + ".JP")).containsExactly("domain-name|" + longLabel + ".jp");
    }

    @Test
    void urlSchemeAndHostAreLowerCasedAndTheRestKept() {
        assertThat(value("url", "HTTP://User:Pw@WWW.Example.COM/Path/File.EXE?Q=A#Frag"))
                .containsExactly("url|http://User:Pw@www.example.com/Path/File.EXE?Q=A#Frag");
    }

    @Test
    void urlDefaultPortIsRemoved() {
        assertThat(value("url", "http://example.com:80/a")).containsExactly("url|http://example.com/a");
        assertThat(value("url", "HTTPS://example.com:443")).containsExactly("url|https://example.com");
        assertThat(value("url", "https://example.com:80/a")).containsExactly("url|https://example.com:80/a");
        assertThat(value("url", "http://example.com:8080/a")).containsExactly("url|http://example.com:8080/a");
    }

    @Test
    void urlHostIsConvertedToPunycode() {
        assertThat(value("url", "https://例え.JP/パス")).containsExactly("url|https://xn--r8jz45g.jp/パス");
    }

    @Test
    void urlIpv6HostIsCanonical() {
        assertThat(value("url", "http://[2001:DB8:0:0::1]:80/x")).containsExactly("url|http://[2001:db8::1]/x");
    }

    @Test
    void unparseableUrlIsTheTrimmedText() {
        assertThat(value("url", "  Example.COM/Path  ")).containsExactly("url|Example.COM/Path");
    }

    @Test
    void emailDomainIsLowerCasedAndConvertedButTheLocalPartKept() {
        assertThat(value("email-addr", "John.Smith@Example.COM")).containsExactly("email-addr|John.Smith@example.com");
        assertThat(value("email-addr", "info@例え.jp")).containsExactly("email-addr|info@xn--r8jz45g.jp");
    }

    @Test
    void hashAlgorithmNamesAreCanonical() {
        for (String name : List.of("SHA-256", "sha256", "SHA256", "sha-256", "sha_256")) {
            assertThat(sco("file", "hashes", Map.of(name, SHA256))).as(name).containsExactly(SHA256_KEY);
        }
        assertThat(sco("file", "hashes", Map.of("sha1", "A5E2F2C5A2B1E8B84B8DA70F9E35CC0D3B2A4C6D")))
                .containsExactly("file:SHA-1|a5e2f2c5a2b1e8b84b8da70f9e35cc0d3b2a4c6d");
        assertThat(sco("file", "hashes", Map.of("sha3-512", "AB".repeat(64))))
                .containsExactly("file:SHA3-512|" + "ab".repeat(64));
        assertThat(sco("file", "hashes", Map.of("md5", "CEAD3F77F6CDA6EC00F57D76C9A6879F")))
                .containsExactly("file:MD5|cead3f77f6cda6ec00f57d76c9a6879f");
    }

    @Test
    void fuzzyHashValuesAreKeptAsGivenButTrimmed() {
        String ssdeep = "96:JxqOY4Q2nWL3i4Rm2sHbn:JxdHWL3i4Rm2sb";
        assertThat(sco("file", "hashes", Map.of("ssdeep", " " + ssdeep + " ")))
                .containsExactly("file:SSDEEP|" + ssdeep);
        assertThat(sco("file", "hashes", Map.of("TLSH", "T1ABCDEF")))
                .containsExactly("file:TLSH|T1ABCDEF");
    }

    @Test
    void macAddressIsLowerCaseColonSeparated() {
        for (String spelling : List.of("D2-FB-49-24-37-18", "d2fb.4924.3718", "D2FB49243718", "d2:fb:49:24:37:18")) {
            assertThat(value("mac-addr", spelling)).as(spelling).containsExactly("mac-addr|d2:fb:49:24:37:18");
        }
        assertThat(value("mac-addr", "2:b:49:24:37:8")).containsExactly("mac-addr|02:0b:49:24:37:08");
    }

    @Test
    void keysLongerThanTheLimitAreDropped() {
        String prefix = "url|http://example.com/";
        String fits = "http://example.com/" + "a".repeat(ObservableValues.MAX_KEY_LENGTH - prefix.length());
        assertThat(value("url", fits)).containsExactly("url|" + fits);
        assertThat(value("url", fits + "a")).isEmpty();
    }

    @Test
    void oddInputReportsWhatCanBeReadAndNeverThrows() {
        assertThat(ObservableValues.of(null)).isEmpty();
        assertThat(ObservableValues.of(json("[1, 2]"))).isEmpty();
        assertThat(ObservableValues.of(json("{\"value\": \"198.51.100.1\"}"))).isEmpty();
        assertThat(ObservableValues.of(json("{\"type\": 4, \"value\": \"198.51.100.1\"}"))).isEmpty();
        assertThat(sco("ipv4-addr", "value", 12)).isEmpty();
        assertThat(sco("autonomous-system", "number", -1)).isEmpty();
        assertThat(sco("autonomous-system", "number", "64496")).containsExactly("autonomous-system|64496");
        assertThat(sco("file", "hashes", "not an object")).isEmpty();
        assertThat(ObservableValues.of(json("""
                {"type": "file", "hashes": {"MD5": 5, "SHA-256": "%s", "": "ab"}}""".formatted(SHA256))))
                .containsExactly(SHA256_KEY);
        assertThat(ObservableValues.of(json("{\"type\": \"indicator\", \"pattern\": 5}"))).isEmpty();
        assertThat(ObservableValues.of(json("{\"type\": \"observed-data\", \"objects\": [1]}"))).isEmpty();
    }

    // ---------------------------------------------------------------- indicators
    @Test
    void equalityComparisonsOfSeveralObservationsAreReported() {
        assertThat(indicator("[ipv4-addr:value = '198.51.100.1' OR domain-name:value = 'Example.COM.'] AND "
                + "[file:hashes.'SHA-256' = '" + SHA256 + "']"))
                .containsExactly("domain-name|example.com", SHA256_KEY, "ipv4-addr|198.51.100.1");
    }

    @Test
    void eachValueOfAnInListIsReported() {
        assertThat(indicator("[ipv4-addr:value IN ('198.51.100.2', '198.51.100.1/32')]"))
                .containsExactly("ipv4-addr|198.51.100.1", "ipv4-addr|198.51.100.2");
    }

    @Test
    void negatedComparisonsAreIgnored() {
        assertThat(indicator("[ipv4-addr:value NOT = '198.51.100.1' AND ipv4-addr:value != '198.51.100.2' "
                + "AND domain-name:value NOT IN ('example.com')]")).isEmpty();
    }

    @Test
    void comparisonsOtherThanEqualityAreIgnored() {
        assertThat(indicator("[ipv4-addr:value ISSUBSET '198.51.100.0/24' OR domain-name:value LIKE '%.example.com'"
                + " OR url:value MATCHES '^http://']")).isEmpty();
    }

    @Test
    void propertiesThatAreNotObservableValuesAreIgnored() {
        assertThat(indicator("[file:name = 'a.exe' AND file:size = 1024 AND x-custom:value = 'x']")).isEmpty();
    }

    @Test
    void nonStixPatternTypeIsIgnored() {
        assertThat(ObservableValues.of(JSON.createObjectNode().put("type", "indicator")
                .put("pattern", "[ipv4-addr:value = '198.51.100.1']").put("pattern_type", "snort"))).isEmpty();
    }

    @Test
    void absentPatternTypeMeansStix() {
        assertThat(ObservableValues.of(JSON.createObjectNode().put("type", "indicator")
                .put("pattern", "[ipv4-addr:value = '198.51.100.1']"))).containsExactly("ipv4-addr|198.51.100.1");
    }

    @Test
    void invalidPatternGivesAnEmptyList() {
        assertThat(indicator("[ipv4-addr:value = '198.51.100.1'")).isEmpty();
        assertThat(indicator("")).isEmpty();
    }

    @Test
    void hashPathsOfFilesArtifactsAndCertificatesAreReported() {
        assertThat(indicator("[file:hashes.MD5 = 'CEAD3F77F6CDA6EC00F57D76C9A6879F'"
                + " OR artifact:hashes.'SHA-256' = '" + SHA256 + "'"
                + " OR x509-certificate:hashes.'SHA-1' = 'a5e2f2c5a2b1e8b84b8da70f9e35cc0d3b2a4c6d']"))
                .containsExactly("file:MD5|cead3f77f6cda6ec00f57d76c9a6879f", SHA256_KEY,
                        "x509-certificate:SHA-1|a5e2f2c5a2b1e8b84b8da70f9e35cc0d3b2a4c6d");
    }

    @Test
    void everyKindOfObservablePathIsReported() {
        assertThat(indicator("[ipv6-addr:value = '2001:DB8::0:1' OR url:value = 'HTTP://Example.com:80/x'"
                + " OR email-addr:value = 'a@Example.com' OR mac-addr:value = 'D2-FB-49-24-37-18'"
                + " OR autonomous-system:number = 64496"
                + " OR windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\Run']"))
                .containsExactly("autonomous-system|64496", "email-addr|a@example.com", "ipv6-addr|2001:db8::1",
                        "mac-addr|d2:fb:49:24:37:18", "url|http://example.com/x",
                        "windows-registry-key|hkey_local_machine\\run");
    }

    @Test
    void emailMessageAddressReferencesGiveEmailAddresses() {
        assertThat(indicator("[email-message:from_ref.value = 'Evil@Example.COM'"
                + " AND email-message:to_refs[*].value = 'victim@example.org'"
                + " AND email-message:subject = 'Invoice']"))
                .containsExactly("email-addr|Evil@example.com", "email-addr|victim@example.org");
    }

    @Test
    void networkTrafficReferencesAreTypedByTheirSyntax() {
        assertThat(indicator("[network-traffic:dst_ref.value = '198.51.100.1'"
                + " AND network-traffic:src_ref.value = '2001:db8::1'"
                + " AND network-traffic:dst_ref.value = 'C2.Example.com']"))
                .containsExactly("domain-name|c2.example.com", "ipv4-addr|198.51.100.1", "ipv6-addr|2001:db8::1");
    }

    @Test
    void indicatorAndObservableOfTheSameAddressGiveTheSameKey() {
        List<String> fromPattern = indicator("[ipv4-addr:value = '198.51.100.001/32']");
        List<String> fromObservable = value("ipv4-addr", "198.51.100.1");
        assertThat(fromPattern).isEqualTo(fromObservable).containsExactly("ipv4-addr|198.51.100.1");
    }

    @Test
    void duplicatesAreRemovedAndKeysSorted() {
        assertThat(indicator("[url:value = 'http://b.example/'] OR [domain-name:value = 'example.com']"
                + " OR [domain-name:value = 'EXAMPLE.com.'] OR [ipv4-addr:value = '198.51.100.1']"))
                .containsExactly("domain-name|example.com", "ipv4-addr|198.51.100.1", "url|http://b.example/");
    }

    // ---------------------------------------------------------------- observed-data
    @Test
    void embeddedObjectsReportTheirValues() {
        assertThat(ObservableValues.of(json("""
                {"type": "observed-data", "number_observed": 1, "objects": {
                  "0": {"type": "ipv4-addr", "value": "198.51.100.1"},
                  "1": {"type": "domain-name", "value": "Example.com", "resolves_to_refs": ["0"]},
                  "2": {"type": "file", "hashes": {"sha256": "%s"}},
                  "3": {"type": "network-traffic", "dst_ref": "0", "protocols": ["tcp"]}
                }}""".formatted(SHA256))))
                .containsExactly("domain-name|example.com", SHA256_KEY, "ipv4-addr|198.51.100.1");
    }

    @Test
    void observedDataWithReferencesOnlyReportsNothing() {
        assertThat(ObservableValues.of(json("""
                {"type": "observed-data", "number_observed": 1, "object_refs": ["ipv4-addr--1"]}"""))).isEmpty();
    }

    // ---------------------------------------------------------------- search text

    @Test
    void searchTextIsReadAsEveryKindOfValueItCouldBe() {
        assertThat(ObservableValues.candidates(" 198.051.100.001 ")).contains("ipv4-addr|198.51.100.1");
        assertThat(ObservableValues.candidates("例え.JP")).contains("domain-name|xn--r8jz45g.jp");
        assertThat(ObservableValues.candidates("HTTP://Example.COM:80/a")).contains("url|http://example.com/a");
        assertThat(ObservableValues.candidates(SHA256.toUpperCase())).contains(SHA256_KEY);
        assertThat(ObservableValues.candidates("")).isEmpty();
    }

    @Test
    void searchTextFindsWhatAnIndicatorReports() {
        List<String> reported = indicator("[ipv4-addr:value = '198.51.100.1']");
        assertThat(ObservableValues.candidates("198.51.100.1")).containsAll(reported);
    }
}
