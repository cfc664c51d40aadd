package org.kizashi.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StixFormatsTest {
    @Test
    void timestampsCompareByInstantWhateverTheirPrecision() {
        assertThat(StixFormats.instant("2024-04-01T00:00:00.1Z"))
                .isAfter(StixFormats.instant("2024-04-01T00:00:00.09Z"))
                .isEqualTo(StixFormats.instant("2024-04-01T00:00:00.100000Z"));
        assertThat(StixFormats.instant("2016-12-31T23:59:60Z")).isEqualTo(StixFormats.instant("2017-01-01T00:00:00Z"));
        assertThat(StixFormats.hasMilliseconds("2024-04-01T00:00:00.10Z")).isFalse();
        assertThat(StixFormats.hasMilliseconds("2024-04-01T00:00:00.100Z")).isTrue();
    }

    @Test
    void malformedTimestampsSayWhatIsWrong() {
        assertThat(StixFormats.timestampProblem("2024-04-01T09:00:00+09:00")).contains("UTC");
        assertThat(StixFormats.timestampProblem("2024-04-01t09:00:00z")).contains("upper-case 'T'");
        assertThat(StixFormats.timestampProblem("2024-04-31T09:00:00Z")).contains("no such date");
        assertThat(StixFormats.timestampProblem("2024-04-01T24:00:00Z")).contains("no such date");
        assertThat(StixFormats.timestampProblem("yesterday")).contains("YYYY-MM-DD");
        assertThat(StixFormats.timestampProblem("2024-04-01T09:00:00.5Z")).isNull();
    }

    @Test
    void identifiersAreTypeDashDashRfc4122Uuid() {
        assertThat(StixFormats.identifier("ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd"))
                .isEqualTo(new StixFormats.Identifier("ipv4-addr", "ff26c055-6336-5bc5-b98d-13d6226742dd", 5));
        assertThat(StixFormats.identifierProblem("indicator--ff26c055633645bcb98d13d6226742dd")).contains("not a UUID");
        assertThat(StixFormats.identifierProblem("indicator--ff26c055-6336-75bc-b98d-13d6226742dd"))
                .contains("version 7");
        assertThat(StixFormats.identifierProblem("indicator--ff26c055-6336-45bc-c98d-13d6226742dd")).contains("variant");
        assertThat(StixFormats.identifierProblem("in--ff26c055-6336-45bc-b98d-13d6226742dd")).contains("3 to 250");
        assertThat(StixFormats.identifierProblem("ff26c055-6336-45bc-b98d-13d6226742dd")).contains("<type>--<UUID>");
    }

    @Test
    void typeNames() {
        assertThat(StixFormats.typeNameProblem("x-acme-widget")).isNull();
        assertThat(StixFormats.typeNameProblem("ab")).contains("3 to 250");
        assertThat(StixFormats.typeNameProblem("a".repeat(251))).contains("3 to 250");
        assertThat(StixFormats.typeNameProblem("acme--widget")).contains("single hyphens");
        assertThat(StixFormats.typeNameProblem("1acme")).contains("starts with a letter");
        assertThat(StixFormats.typeNameProblem("acme_widget")).isNotNull();
    }

    @Test
    void observableValues() {
        assertThat(StixFormats.ipv4Problem("198.51.100.0/24")).isNull();
        assertThat(StixFormats.ipv4Problem("198.51.100.01")).contains("leading zeros");
        assertThat(StixFormats.ipv4Problem(" 198.51.100.1")).isNotNull();
        assertThat(StixFormats.ipv6Problem("fe80::1%eth0")).isNull();
        assertThat(StixFormats.ipv6Problem("[2001:db8::1]")).isNotNull();
        assertThat(StixFormats.ipv6Problem("2001:db8::1::2")).isNotNull();
        assertThat(StixFormats.domainNameProblem("a." + "b".repeat(64) + ".jp")).contains("too long");
        assertThat(StixFormats.domainNameProblem("a.b_.jp")).isNull();
        assertThat(StixFormats.domainNameProblem("a.b-.jp")).contains("inner hyphens");
        assertThat(StixFormats.domainNameProblem("example.com.")).isNull();
        assertThat(StixFormats.emailAddressProblem("first.last@[192.0.2.1]")).isNull();
        assertThat(StixFormats.emailAddressProblem("first..last@example.com")).contains("local part");
        assertThat(StixFormats.urlProblem("https://example.com/a b")).contains("index 21");
        assertThat(StixFormats.isBase64("aGVsbG8=")).isTrue();
        assertThat(StixFormats.isBase64("aGVsbG8")).isFalse();
        assertThat(StixFormats.isHex("0A1b")).isTrue();
        assertThat(StixFormats.isHex("0A1")).isFalse();
        assertThat(StixFormats.isLanguageTag("ja-JP")).isTrue();
        assertThat(StixFormats.isSemanticVersion("1.2.3-beta.1+build.5")).isTrue();
    }

    @Test
    void hashAlgorithmsAreRecognisedWhateverTheirSpelling() {
        assertThat(Rules.knownAlgorithm("sha256")).isEqualTo("SHA-256");
        assertThat(Rules.knownAlgorithm("SHA3-512")).isEqualTo("SHA3-512");
        assertThat(Rules.knownAlgorithm("sha3_256")).isEqualTo("SHA3-256");
        assertThat(Rules.knownAlgorithm("x_acme")).isNull();
        assertThat(Rules.hashValueProblem("SHA-1", "a".repeat(40))).isNull();
        assertThat(Rules.hashValueProblem("SHA-512", "a".repeat(127))).isEqualTo("128 hexadecimal digits");
        assertThat(Rules.hashValueProblem("TLSH", "A".repeat(70))).isNull();
    }
}
