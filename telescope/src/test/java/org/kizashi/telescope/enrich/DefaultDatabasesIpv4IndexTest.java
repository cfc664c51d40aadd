package org.kizashi.telescope.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpAddress;
import org.kizashi.geodata.DefaultGeoDatabases;

/** The IPv4 indexes of the databases shipped in kizashi-geodata answer exactly as MaxMind's reader does. */
class DefaultDatabasesIpv4IndexTest {
    @TempDir
    Path cache;

    @Test
    void indexesOfBothDefaultDatabasesAnswerAsTheReader() throws IOException {
        try (MmdbDatabase country = MmdbDatabase.open(DefaultGeoDatabases.countryDatabase(), MmdbDatabase.Role.COUNTRY);
             MmdbDatabase asn = MmdbDatabase.open(DefaultGeoDatabases.asnDatabase(), MmdbDatabase.Role.ASN)) {
            for (MmdbDatabase db : new MmdbDatabase[] {country, asn}) {
                Ipv4Index index = db.ipv4Index(() -> false);
                assertThat(index.size()).as("ranges of %s", db.file()).isGreaterThan(100_000);
                // 100,000 random addresses, and both sides of every range boundary.
                int compared = Ipv4IndexChecks.assertSameAsReader(db, index, 100_000, 1, 20261123L);
                assertThat(compared).isGreaterThan(300_000);
            }
        }
    }

    @Test
    void enricherAnswersAsBeforeFromABuiltAndFromAStoredIndex() throws Exception {
        Path countryDb = DefaultGeoDatabases.countryDatabase();
        Path asnDb = DefaultGeoDatabases.asnDatabase();
        long[] special = {0, 0xffff_ffffL, 0x0808_0808L, 0x0101_0101L, 0x85f3_0001L, 0x0a01_0203L, 0xc0a8_0101L,
            0xc612_0001L, 0x6440_0001L, 0xe000_0001L, 0x7f00_0001L, 0x0a00_0000L - 1, 0x0b00_0000L, 0xc612_0000L - 1,
            0xc614_0000L};
        Ipv4IndexStore store = Ipv4IndexStore.in(cache);
        try (MmdbSourceEnricher reader = MmdbSourceEnricher.open(countryDb, asnDb)) {
            Ipv4Index builtCountry;
            try (CloseableSourceEnricher e = SourceEnrichers.open(countryDb, asnDb, 1 << 10, store)) {
                MmdbSourceEnricher m = Ipv4IndexChecks.indexed(e);
                builtCountry = m.countryIndex();
                Ipv4IndexChecks.assertSameAnswers(e, reader, 100_000, 1, special);
            }
            try (Stream<Path> files = Files.list(cache)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                    .hasSize(2).anyMatch(n -> n.startsWith("country-")).anyMatch(n -> n.startsWith("asn-"));
            }
            try (CloseableSourceEnricher e = SourceEnrichers.open(countryDb, asnDb, 1 << 10, store)) {
                MmdbSourceEnricher m = Ipv4IndexChecks.indexed(e);
                assertThat(m.countryIndex()).isEqualTo(builtCountry).isNotSameAs(builtCountry);
                Ipv4IndexChecks.assertSameAnswers(e, reader, 100_000, 2, special);
                assertThat(e.country(0, IpAddress.parse("8.8.8.8").low())).isEqualTo("US");
                assertThat(e.asn(0, IpAddress.parse("8.8.8.8").low())).isEqualTo(15169);
                assertThat(e.country(0, IpAddress.parse("10.0.0.1").low())).isEmpty();
            }
        }
    }
}
