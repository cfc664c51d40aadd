package org.kizashi.geodata.mmdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsnCsvToMmdbTest {
    @TempDir
    Path dir;

    @Test
    void convertsQuotedRowsJoinsNeighboursAndDropsAsZero() throws IOException {
        Path v4 = dir.resolve("asn-ipv4.csv");
        Files.writeString(v4, """
            ip_range_start,ip_range_end,autonomous_system_number,autonomous_system_organization
            192.0.2.0,192.0.2.127,64500,"Example, Inc."
            192.0.2.128,192.0.2.255,64500,"Example, Inc."
            198.51.100.0,198.51.100.255,0,Not announced
            203.0.113.0,203.0.113.255,4200000000,"Quote ""Q"" Net"
            """);
        Path v6 = dir.resolve("asn-ipv6.csv");
        Files.writeString(v6, "2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64501,\n");
        FileTime past = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(v4, past);
        Files.setLastModifiedTime(v6, past);
        Path out = dir.resolve("asn.mmdb");
        String[] args = {"--out", out.toString(), "--stamp", dir.resolve("asn.stamp").toString(), "--type", "Test-ASN",
            "--description", "test", "--build-time", "2.3.2026061719", v4.toString(), v6.toString()};
        AsnCsvToMmdb.main(args);

        try (Reader r = new Reader(out.toFile())) {
            assertThat(r.getMetadata().databaseType()).isEqualTo("Test-ASN");
            assertThat(r.getMetadata().buildTime()).isEqualTo(Instant.parse("2026-06-17T19:00:00Z"));
            DatabaseRecord<Object> joined = r.getRecord(InetAddress.getByName("192.0.2.200"), Object.class);
            assertThat(joined.data()).isEqualTo(Map.of("autonomous_system_number", 64500L,
                "autonomous_system_organization", "Example, Inc."));
            assertThat(joined.network().prefixLength()).isEqualTo(24);
            assertThat(r.get(InetAddress.getByName("198.51.100.1"), Object.class)).isNull();
            assertThat(r.get(InetAddress.getByName("203.0.113.1"), Object.class)).isEqualTo(Map.of(
                "autonomous_system_number", 4_200_000_000L, "autonomous_system_organization", "Quote \"Q\" Net"));
            assertThat(r.get(InetAddress.getByName("2001:db8:1::1"), Object.class))
                .isEqualTo(Map.of("autonomous_system_number", 64501L));
        }

        Files.setLastModifiedTime(out, past);
        AsnCsvToMmdb.main(args); // same arguments and inputs: left alone
        assertThat(Files.getLastModifiedTime(out)).isEqualTo(past);
        args[args.length - 3] = "2.3.2026061820"; // another version: made again
        AsnCsvToMmdb.main(args);
        assertThat(Files.getLastModifiedTime(out)).isNotEqualTo(past);
        try (Reader r = new Reader(out.toFile())) {
            assertThat(r.getMetadata().buildTime()).isEqualTo(Instant.parse("2026-06-18T20:00:00Z"));
        }
    }

    @Test
    void splitsCsvFields() {
        assertThat(AsnCsvToMmdb.fields("a,\"b,c\",\"d\"\"e\",")).containsExactly("a", "b,c", "d\"e", "");
    }
}
