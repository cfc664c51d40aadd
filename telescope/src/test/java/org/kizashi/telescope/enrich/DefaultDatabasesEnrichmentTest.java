package org.kizashi.telescope.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpAddress;
import org.kizashi.geodata.DefaultGeoDatabases;

/**
 * The databases shipped in kizashi-geodata, through the telescope's enricher. The expected answers hold for the
 * pinned package versions (geodata/pom.xml); an update that changes one must be a deliberate edit here.
 */
class DefaultDatabasesEnrichmentTest {
    @TempDir
    static Path indexCache;

    private static CloseableSourceEnricher enricher;

    @BeforeAll
    static void open() throws Exception {
        enricher = SourceEnrichers.open(DefaultGeoDatabases.countryDatabase(), DefaultGeoDatabases.asnDatabase(),
            SourceEnrichers.DEFAULT_CACHE_SLOTS, Ipv4IndexStore.in(indexCache));
        Ipv4IndexChecks.indexed(enricher); // IPv4 answers from the index, as in production after the first moments
    }

    @AfterAll
    static void close() {
        enricher.close();
    }

    private static String country(String address) {
        IpAddress a = IpAddress.parse(address);
        return enricher.country(a.high(), a.low());
    }

    private static long asn(String address) {
        IpAddress a = IpAddress.parse(address);
        return enricher.asn(a.high(), a.low());
    }

    @Test
    void wellKnownIpv4Sources() {
        assertThat(country("8.8.8.8")).isEqualTo("US");
        assertThat(asn("8.8.8.8")).isEqualTo(15169);   // Google
        assertThat(country("133.243.0.1")).isEqualTo("JP");
        assertThat(asn("133.243.0.1")).isEqualTo(9355); // NICT
        assertThat(country("210.130.1.1")).isEqualTo("JP");
        assertThat(asn("210.130.1.1")).isEqualTo(2497); // IIJ
        assertThat(country("193.0.14.129")).isEqualTo("NL");
        assertThat(asn("193.0.14.129")).isEqualTo(25152); // k.root-servers.net, RIPE NCC
        assertThat(asn("1.1.1.1")).isEqualTo(13335);   // Cloudflare
    }

    @Test
    void wellKnownIpv6Sources() {
        assertThat(country("2001:4860:4860::8888")).isEqualTo("US");
        assertThat(asn("2001:4860:4860::8888")).isEqualTo(15169);
        assertThat(country("2606:4700:4700::1111")).isEqualTo("US");
        assertThat(asn("2606:4700:4700::1111")).isEqualTo(13335);
        assertThat(asn("2001:200:dff:fff1:216:3eff:feb1:44d7")).isEqualTo(2500); // WIDE
        assertThat(asn("2001:7fd::1")).isEqualTo(25152);
    }

    @Test
    void unknownAndNonGlobalSources() {
        for (String address : new String[] {"10.0.0.1", "192.168.1.1", "172.16.5.4", "127.0.0.1", "100.64.0.1",
            "224.0.0.1", "::1", "fe80::1", "fd00::1"}) {
            assertThat(country(address)).as(address).isEmpty();
            assertThat(asn(address)).as(address).isZero();
        }
        assertThat(asn("2001:4860:ffff:ffff::1")).isEqualTo(15169);
        assertThat(country("2c0f:ffff::1")).as("unallocated AFRINIC space").isEmpty();
    }

    @Test
    void repeatedLookupsGiveTheSameAnswers() {
        for (int i = 0; i < 3; i++) {
            assertThat(country("8.8.8.8")).isEqualTo("US");
            assertThat(country("133.243.0.1")).isEqualTo("JP");
            assertThat(asn("2001:4860:4860::8888")).isEqualTo(15169);
        }
    }
}
