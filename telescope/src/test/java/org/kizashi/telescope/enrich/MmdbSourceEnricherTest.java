package org.kizashi.telescope.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kizashi.telescope.enrich.TestLookups.asn;
import static org.kizashi.telescope.enrich.TestLookups.country;
import static org.kizashi.telescope.enrich.TestLookups.v4;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.geodata.mmdb.MmdbWriter;

class MmdbSourceEnricherTest {
    @TempDir
    Path dir;

    private Path write(String name, MmdbWriter writer) throws IOException {
        Path file = dir.resolve(name);
        writer.write(file);
        return file;
    }

    /** GeoLite2-Country/City and DB-IP lite layout: country.iso_code, registered_country as a fallback. */
    private Path geoip2Country() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "GeoLite2-Country").buildEpoch(1_780_000_000L);
        w.insertIpv4(v4("133.243.0.0"), 16, Map.of(
            "continent", Map.of("code", "AS"),
            "country", Map.of("iso_code", "JP", "names", Map.of("en", "Japan", "ja", "日本")),
            "registered_country", Map.of("iso_code", "JP")));
        w.insertIpv4(v4("45.0.2.0"), 24, Map.of("registered_country", Map.of("iso_code", "NL")));
        w.insertIpv6(0x2001_0200_0000_0000L, 0, 32, Map.of("country", Map.of("iso_code", "JP")));
        return write("GeoLite2-Country.mmdb", w);
    }

    /** ip-location-db country layout; codes in lower case to check the normalisation. */
    private Path flatCountry() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "country ipvAll");
        w.insertIpv4(v4("8.8.8.0"), 24, Map.of("country_code", "us"));
        w.insertIpv4(v4("45.51.100.0"), 24, Map.of("country_code", "Zz9"));
        w.insertIpv6(0x2001_4860_0000_0000L, 0, 32, Map.of("country_code", "US"));
        return write("flat-country.mmdb", w);
    }

    private Path geoliteAsn() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "GeoLite2-ASN");
        w.insertIpv4(v4("8.8.8.0"), 24, Map.of("autonomous_system_number", 15169, "autonomous_system_organization", "GOOGLE"));
        w.insertIpv4(v4("45.113.0.0"), 24, Map.of("autonomous_system_number", 4_200_000_001L));
        w.insertIpv6(0x2001_4860_0000_0000L, 0, 32, Map.of("autonomous_system_number", 15169));
        return write("GeoLite2-ASN.mmdb", w);
    }

    @Test
    void readsGeoIp2CountryLayoutWithRegisteredCountryFallback() throws IOException {
        try (MmdbSourceEnricher e = MmdbSourceEnricher.open(geoip2Country(), null)) {
            assertThat(country(e, "133.243.0.1")).isEqualTo("JP");
            assertThat(country(e, "45.0.2.1")).isEqualTo("NL");
            assertThat(country(e, "2001:200:dff:fff1::1")).isEqualTo("JP");
            assertThat(country(e, "45.0.3.1")).isEmpty();
            assertThat(country(e, "2001:db9::1")).isEmpty();
            assertThat(asn(e, "133.243.0.1")).isZero();
            assertThat(e.countryDatabase()).get().satisfies(info -> {
                assertThat(info.databaseType()).isEqualTo("GeoLite2-Country");
                assertThat(info.field()).isEqualTo("country.iso_code");
                assertThat(info.ipVersion()).isEqualTo(6);
                assertThat(info.buildTime()).isEqualTo(Instant.ofEpochSecond(1_780_000_000L));
            });
            assertThat(e.asnDatabase()).isEmpty();
        }
    }

    @Test
    void readsFlatCountryCodesAsCanonicalUpperCase() throws IOException {
        try (MmdbSourceEnricher e = MmdbSourceEnricher.open(flatCountry(), null)) {
            String code = country(e, "8.8.8.8");
            assertThat(code).isEqualTo("US").isSameAs(country(e, "2001:4860:4860::8888"));
            assertThat(country(e, "45.51.100.7")).isEmpty(); // not a two-letter code
            assertThat(e.countryDatabase().orElseThrow().field()).isEqualTo("country_code");
        }
    }

    @Test
    void readsAsNumbers() throws IOException {
        try (MmdbSourceEnricher e = MmdbSourceEnricher.open(null, geoliteAsn())) {
            assertThat(asn(e, "8.8.8.8")).isEqualTo(15169);
            assertThat(asn(e, "45.113.0.9")).isEqualTo(4_200_000_001L);
            assertThat(asn(e, "2001:4860:4860::8844")).isEqualTo(15169);
            assertThat(asn(e, "45.113.1.1")).isZero();
            assertThat(asn(e, "2001:4861::1")).isZero();
            assertThat(country(e, "8.8.8.8")).isEmpty();
            assertThat(e.asnDatabase().orElseThrow().field()).isEqualTo("autonomous_system_number");
        }
    }

    @Test
    void readsIpinfoStyleAsnText() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "ipinfo lite.mmdb");
        w.insertIpv4(v4("1.1.1.0"), 24, Map.of("asn", "AS13335", "as_name", "Cloudflare", "country_code", "AU"));
        w.insertIpv4(v4("1.0.0.0"), 24, Map.of("asn", "as13335", "country_code", "AU"));
        w.insertIpv4(v4("1.0.4.0"), 22, Map.of("asn", 38803, "country_code", "AU"));
        w.insertIpv4(v4("1.0.16.0"), 24, Map.of("asn", "not a number", "country_code", "JP"));
        Path both = write("ipinfo.mmdb", w);
        try (MmdbSourceEnricher e = MmdbSourceEnricher.open(both, both)) {
            assertThat(asn(e, "1.1.1.1")).isEqualTo(13335);
            assertThat(asn(e, "1.0.0.1")).isEqualTo(13335);
            assertThat(asn(e, "1.0.5.1")).isEqualTo(38803);
            assertThat(asn(e, "1.0.16.1")).isZero();
            assertThat(country(e, "1.1.1.1")).isEqualTo("AU");
            assertThat(e.asnDatabase().orElseThrow().field()).isEqualTo("asn");
        }
    }

    @Test
    void findsIpv4InEveryConventionOfIpv6AndIpv4Trees() throws IOException {
        // IPv4 at ::a.b.c.d only (no ::ffff alias).
        MmdbWriter compatible = new MmdbWriter(6, "compat").aliasIpv4Mapped(false);
        compatible.insertIpv4(v4("45.100.0.0"), 24, Map.of("country_code", "DE"));
        // IPv4 at ::ffff:a.b.c.d only.
        MmdbWriter mapped = new MmdbWriter(6, "mapped").aliasIpv4Mapped(false);
        mapped.insertIpv6(0, 0x0000_ffff_0000_0000L | (v4("45.100.0.0") & 0xffff_ffffL), 120, Map.of("country_code", "FR"));
        mapped.insertIpv6(0x2001_0db9_0000_0000L, 0, 32, Map.of("country_code", "GB"));
        // An IPv4-only tree.
        MmdbWriter ipv4 = new MmdbWriter(4, "v4");
        ipv4.insertIpv4(v4("45.100.0.0"), 24, Map.of("country_code", "IT"));
        ipv4.insertIpv4(v4("32.0.0.0"), 8, Map.of("country_code", "ES")); // 2001:db9:: would walk into 32/8 bits

        try (MmdbSourceEnricher c = MmdbSourceEnricher.open(write("compat.mmdb", compatible), null);
             MmdbSourceEnricher m = MmdbSourceEnricher.open(write("mapped.mmdb", mapped), null);
             MmdbSourceEnricher v = MmdbSourceEnricher.open(write("v4.mmdb", ipv4), null)) {
            assertThat(country(c, "45.100.0.1")).isEqualTo("DE");
            assertThat(country(m, "45.100.0.1")).isEqualTo("FR");
            assertThat(country(m, "2001:db9::1")).isEqualTo("GB");
            assertThat(country(m, "45.100.1.1")).isEmpty();
            assertThat(country(v, "45.100.0.1")).isEqualTo("IT");
            assertThat(country(v, "32.1.2.3")).isEqualTo("ES");
            assertThat(country(v, "2001:db9::1")).isEmpty(); // IPv6 is unknown to an IPv4 database
        }
    }

    @Test
    void addressesOutsideTheGlobalInternetAreUnknownWhateverTheDatabaseSays() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "sloppy");
        Map<String, Object> au = Map.of("country_code", "AU", "autonomous_system_number", 1);
        for (String block : new String[] {"0.0.0.0", "10.0.0.0", "100.64.0.0", "127.0.0.0", "169.254.0.0",
            "172.16.0.0", "192.0.0.0", "192.0.2.0", "192.168.0.0", "198.18.0.0", "198.51.100.0", "203.0.113.0",
            "224.0.0.0", "240.0.0.0"}) {
            w.insertIpv4(v4(block) & 0xff00_0000, 8, au); // the whole /8 around the block
        }
        w.insertIpv6(0, 0, 1, au); // ::/1 (::1, ::a.b.c.d, ...)
        w.insertIpv6(0xfc00_0000_0000_0000L, 0, 7, au);
        w.insertIpv6(0xfe80_0000_0000_0000L, 0, 10, au);
        w.insertIpv6(0xff00_0000_0000_0000L, 0, 8, au);
        w.insertIpv6(0x2001_0db8_0000_0000L, 0, 32, au);
        w.insertIpv4(v4("1.0.0.0"), 8, au);
        Path file = write("sloppy.mmdb", w);
        try (MmdbSourceEnricher e = MmdbSourceEnricher.open(file, file)) {
            for (String address : new String[] {"0.1.2.3", "10.1.2.3", "100.64.1.1", "100.127.255.255", "127.0.0.1",
                "169.254.1.1", "172.16.0.1", "172.31.255.255", "192.0.0.9", "192.0.2.1", "192.168.1.1", "198.18.0.1",
                "198.19.255.255", "198.51.100.1", "203.0.113.1", "224.0.0.1", "239.1.1.1", "240.0.0.1",
                "255.255.255.255", "::1", "::", "::1.2.3.4", "fc00::1", "fd12::1", "fe80::1", "ff02::1", "2001:db8::1"}) {
                assertThat(country(e, address)).as(address).isEmpty();
                assertThat(asn(e, address)).as(address).isZero();
            }
            assertThat(country(e, "1.2.3.4")).isEqualTo("AU");
            assertThat(asn(e, "1.2.3.4")).isEqualTo(1);
            assertThat(country(e, "100.128.0.1")).isEqualTo("AU"); // just past 100.64.0.0/10
            assertThat(country(e, "172.32.0.1")).isEqualTo("AU"); // just past 172.16.0.0/12
        }
    }

    @Test
    void explainsBadFiles() throws IOException {
        Path missing = dir.resolve("nowhere/GeoLite2-Country.mmdb");
        assertThatThrownBy(() -> MmdbSourceEnricher.open(missing, null))
            .isInstanceOf(NoSuchFileException.class)
            .hasMessageContaining(missing.toString()).hasMessageContaining("Country database not found");

        Path text = Files.writeString(dir.resolve("notes.mmdb"), "this is not a database\n".repeat(10));
        assertThatThrownBy(() -> MmdbSourceEnricher.open(null, text))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(text.toString()).hasMessageContaining("is not a MaxMind DB");

        Path empty = Files.createFile(dir.resolve("empty.mmdb"));
        assertThatThrownBy(() -> MmdbSourceEnricher.open(empty, null))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(empty.toString()).hasMessageContaining("is not a MaxMind DB");

        assertThatThrownBy(() -> MmdbSourceEnricher.open(dir, null))
            .isInstanceOf(IOException.class).hasMessageContaining("not a regular file");

        Path asnOnly = geoliteAsn();
        assertThatThrownBy(() -> MmdbSourceEnricher.open(asnOnly, null))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(asnOnly.toString())
            .hasMessageContaining("GeoLite2-ASN")
            .hasMessageContaining("country.iso_code or country_code");
        Path countryOnly = flatCountry();
        assertThatThrownBy(() -> SourceEnrichers.open(countryOnly, countryOnly))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(countryOnly.toString())
            .hasMessageContaining("autonomous_system_number or asn");

        Path nothing = write("nothing.mmdb", new MmdbWriter(6, "Empty"));
        assertThatThrownBy(() -> MmdbSourceEnricher.open(nothing, null)).hasMessageContaining("holds no records");
    }

    @Test
    void lookupsAfterCloseFail() throws IOException {
        MmdbSourceEnricher e = MmdbSourceEnricher.open(flatCountry(), geoliteAsn());
        assertThat(country(e, "8.8.8.8")).isEqualTo("US");
        e.close();
        assertThatThrownBy(() -> country(e, "8.8.8.8")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> asn(e, "8.8.8.8")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void factoryCachesAndHandlesNoDatabases() throws IOException {
        try (CloseableSourceEnricher none = SourceEnrichers.open(null, null)) {
            assertThat(country(none, "8.8.8.8")).isEmpty();
            assertThat(asn(none, "8.8.8.8")).isZero();
        }
        try (CloseableSourceEnricher e = SourceEnrichers.open(flatCountry(), geoliteAsn(), 100,
                Ipv4IndexStore.in(dir.resolve("index-cache")))) {
            assertThat(e).isInstanceOf(CachingSourceEnricher.class);
            assertThat(((CachingSourceEnricher) e).slots()).isEqualTo(128);
            assertThat(country(e, "8.8.8.8")).isEqualTo("US");
            assertThat(asn(e, "8.8.8.8")).isEqualTo(15169);
            assertThat(country(e, "2001:4860::1")).isEqualTo("US");
            assertThat(asn(e, "2001:4860::1")).isEqualTo(15169);
        }
    }

    @Test
    void ipv4IndexesAnswerAsTheReaderInEveryLayout() throws Exception {
        // IPv4 at ::a.b.c.d only, at ::ffff:a.b.c.d only, in an IPv4 tree, and the usual IPv6 tree with both.
        MmdbWriter compatible = new MmdbWriter(6, "compat").aliasIpv4Mapped(false);
        MmdbWriter mapped = new MmdbWriter(6, "mapped").aliasIpv4Mapped(false);
        MmdbWriter ipv4 = new MmdbWriter(4, "v4");
        MmdbWriter both = new MmdbWriter(6, "ipinfo lite.mmdb");
        String[] codes = {"DE", "fr", "Jp", "us", "X1", "", "NL"};
        Object[] numbers = {64500, "AS64501", "as 64502", 4_294_967_295L, -3, "none", 7};
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            int length = 8 + random.nextInt(25);
            int network = random.nextInt() & (int) (0xffff_ffffL << (32 - length));
            String code = codes[random.nextInt(codes.length)];
            compatible.insertIpv4(network, length, Map.of("country_code", code));
            mapped.insertIpv6(0, 0x0000_ffff_0000_0000L | (network & 0xffff_ffffL), 96 + length,
                Map.of("country_code", code));
            ipv4.insertIpv4(network, length, Map.of("country_code", code, "autonomous_system_number", 64496 + i));
            both.insertIpv4(network, length,
                Map.of("asn", numbers[random.nextInt(numbers.length)], "country_code", code));
        }
        mapped.insertIpv6(0x2001_0db9_0000_0000L, 0, 32, Map.of("country_code", "GB"));
        MmdbWriter sloppy = new MmdbWriter(6, "sloppy"); // non-global blocks with answers, even around ::/96
        Map<String, Object> au = Map.of("country_code", "AU", "autonomous_system_number", 1);
        sloppy.insertIpv6(0, 0, 1, au);
        sloppy.insertIpv4(v4("10.0.0.0"), 7, Map.of("country_code", "NZ", "autonomous_system_number", 2));
        List<Path[]> cases = List.of(
            new Path[] {write("compat.mmdb", compatible), null},
            new Path[] {write("mapped.mmdb", mapped), null},
            new Path[] {write("v4.mmdb", ipv4), dir.resolve("v4.mmdb")},
            new Path[] {write("both.mmdb", both), dir.resolve("both.mmdb")},
            new Path[] {geoip2Country(), geoliteAsn()},
            new Path[] {write("sloppy.mmdb", sloppy), dir.resolve("sloppy.mmdb")});
        Ipv4IndexStore store = Ipv4IndexStore.in(dir.resolve("index-cache"));
        for (Path[] files : cases) {
            List<Long> boundaries = new ArrayList<>();
            for (int role = 0; role < 2; role++) {
                if (files[role] == null) {
                    continue;
                }
                try (MmdbDatabase db = MmdbDatabase.open(files[role],
                        role == 0 ? MmdbDatabase.Role.COUNTRY : MmdbDatabase.Role.ASN)) {
                    Ipv4Index index = db.ipv4Index(() -> false);
                    Ipv4IndexChecks.assertSameAsReader(db, index, 20_000, 1, 11);
                    for (int i = 0; i < index.size(); i++) {
                        boundaries.add(Integer.toUnsignedLong(index.start(i)));
                        boundaries.add(Integer.toUnsignedLong(index.start(i) - 1));
                    }
                }
            }
            long[] special = boundaries.stream().mapToLong(Long::longValue).toArray();
            try (CloseableSourceEnricher e = SourceEnrichers.open(files[0], files[1], 64, store);
                 MmdbSourceEnricher reader = MmdbSourceEnricher.open(files[0], files[1])) {
                Ipv4IndexChecks.indexed(e);
                Ipv4IndexChecks.assertSameAnswers(e, reader, 20_000, 12, special);
            }
        }
        try (CloseableSourceEnricher e = SourceEnrichers.open(dir.resolve("mapped.mmdb"), null, 64, store)) {
            Ipv4IndexChecks.indexed(e);
            assertThat(country(e, "2001:db9::1")).isEqualTo("GB"); // IPv6 still from the reader
        }
        try (CloseableSourceEnricher e = SourceEnrichers.open(dir.resolve("sloppy.mmdb"), dir.resolve("sloppy.mmdb"),
                64, store)) {
            Ipv4IndexChecks.indexed(e);
            assertThat(country(e, "10.1.2.3")).isEmpty();
            assertThat(asn(e, "10.1.2.3")).isZero();
            assertThat(country(e, "11.1.2.3")).isEqualTo("NZ");
            assertThat(asn(e, "11.1.2.3")).isEqualTo(2);
            assertThat(country(e, "1.2.3.4")).isEqualTo("AU");
            assertThat(country(e, "255.255.255.255")).isEmpty();
        }
    }

    @Test
    void asNumbersAreParsedLeniently() {
        assertThat(MmdbDatabase.asNumber(15169L)).isEqualTo(15169);
        assertThat(MmdbDatabase.asNumber(15169)).isEqualTo(15169);
        assertThat(MmdbDatabase.asNumber(BigInteger.valueOf(4_294_967_295L))).isEqualTo(4_294_967_295L);
        assertThat(MmdbDatabase.asNumber(BigInteger.ONE.shiftLeft(40))).isZero();
        assertThat(MmdbDatabase.asNumber(" AS64500 ")).isEqualTo(64500);
        assertThat(MmdbDatabase.asNumber("64500")).isEqualTo(64500);
        assertThat(MmdbDatabase.asNumber("ASX")).isZero();
        assertThat(MmdbDatabase.asNumber(-1)).isZero();
        assertThat(MmdbDatabase.asNumber(null)).isZero();
    }
}
