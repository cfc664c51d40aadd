package org.kizashi.telescope.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kizashi.telescope.enrich.TestLookups.asn;
import static org.kizashi.telescope.enrich.TestLookups.country;
import static org.kizashi.telescope.enrich.TestLookups.v4;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.geodata.mmdb.MmdbWriter;

class Ipv4IndexStoreTest {
    @TempDir
    Path dir;

    /** A country database saying 8.8.8.0/24 is in {@code code}; same size whatever the code. */
    private Path countryDb(String name, String code) throws IOException {
        MmdbWriter w = new MmdbWriter(6, "country").buildEpoch(1_780_000_000L);
        w.insertIpv4(v4("8.8.8.0"), 24, Map.of("country_code", code));
        w.insertIpv4(v4("133.243.0.0"), 16, Map.of("country_code", "JP"));
        Path file = dir.resolve(name);
        w.write(file);
        return file;
    }

    private Path asnDb(String name) throws IOException {
        MmdbWriter w = new MmdbWriter(6, "GeoLite2-ASN");
        w.insertIpv4(v4("8.8.8.0"), 24, Map.of("autonomous_system_number", 15169));
        Path file = dir.resolve(name);
        w.write(file);
        return file;
    }

    private static List<Path> indexFiles(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.sorted().toList();
        }
    }

    private static CloseableSourceEnricher openIndexed(Path country, Path asn, Ipv4IndexStore store) throws Exception {
        CloseableSourceEnricher e = SourceEnrichers.open(country, asn, 64, store);
        Ipv4IndexChecks.indexed(e);
        return e;
    }

    @Test
    void indexIsWrittenOnceAndReadBackForTheSameContentAtAnotherPath() throws Exception {
        Path cache = dir.resolve("cache/nested");
        Ipv4IndexStore store = Ipv4IndexStore.in(cache);
        Path db = countryDb("a.mmdb", "US");
        try (CloseableSourceEnricher e = openIndexed(db, asnDb("asn.mmdb"), store)) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("US");
            assertThat(asn(e, "8.8.8.8")).isEqualTo(15169);
        }
        List<Path> files = indexFiles(cache);
        assertThat(files).hasSize(2);
        Path countryFile = files.stream().filter(f -> f.getFileName().toString().startsWith("country-")).findFirst()
            .orElseThrow();

        // Plant a different, valid index under the same key: a later start trusts the store (and so reads it).
        Path copy = Files.copy(db, dir.resolve("elsewhere.mmdb"));
        try (MmdbDatabase opened = MmdbDatabase.open(copy, MmdbDatabase.Role.COUNTRY)) {
            Ipv4IndexStore.Key key = Ipv4IndexStore.key(opened);
            assertThat(store.file(key)).isEqualTo(countryFile);
            Ipv4Index planted = new Ipv4Index.Builder(Ipv4Index.Kind.COUNTRY, 2)
                .add(0, CountryCodes.index("FR")).build();
            store.save(key, planted);
        }
        try (CloseableSourceEnricher e = openIndexed(copy, null, store)) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("FR");
            assertThat(country(e, "9.9.9.9")).isEqualTo("FR");
        }
        assertThat(indexFiles(cache)).hasSize(2);
    }

    @Test
    void aChangedDatabaseIsIndexedAgainEvenWithTheSameSizeAndModificationTime() throws Exception {
        Ipv4IndexStore store = Ipv4IndexStore.in(dir.resolve("cache"));
        Path db = countryDb("country.mmdb", "US");
        FileTime modified = Files.getLastModifiedTime(db);
        long size = Files.size(db);
        try (CloseableSourceEnricher e = openIndexed(db, null, store)) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("US");
        }
        Path replacement = countryDb("next.mmdb", "DE");
        Files.move(replacement, db, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(db, modified);
        assertThat(Files.size(db)).isEqualTo(size);
        try (CloseableSourceEnricher e = openIndexed(db, null, store);
             MmdbSourceEnricher reader = MmdbSourceEnricher.open(db, null)) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("DE");
            Ipv4IndexChecks.assertSameAnswers(e, reader, 10_000, 3, v4("8.8.8.0"), v4("8.8.8.255"), v4("8.8.9.0"));
        }
        assertThat(indexFiles(dir.resolve("cache"))).hasSize(2); // one per content; the old one is pruned later
    }

    @Test
    void damagedOrForeignIndexFilesAreRebuiltNotTrusted() throws Exception {
        Path cache = dir.resolve("cache");
        Ipv4IndexStore store = Ipv4IndexStore.in(cache);
        Path db = countryDb("country.mmdb", "US");
        try (CloseableSourceEnricher e = openIndexed(db, null, store)) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("US");
        }
        Path file = indexFiles(cache).getFirst();
        byte[] good = Files.readAllBytes(file);
        byte[] foreign;
        try (CloseableSourceEnricher e = openIndexed(countryDb("other.mmdb", "DE"), null, store)) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("DE");
            foreign = Files.readAllBytes(indexFiles(cache).stream().filter(f -> !f.equals(file)).findFirst()
                .orElseThrow());
        }

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10; // in the ranges
        byte[] flippedValue = good.clone();
        flippedValue[good.length - 8 - 4 * 65537 - 1] ^= 0x01; // the last country
        byte[] truncated = Arrays.copyOf(good, good.length - 100);
        byte[] longer = Arrays.copyOf(good, good.length + 4);
        byte[] garbage = "this is not an index\n".repeat(100).getBytes();
        for (byte[] bad : new byte[][] {flipped, flippedValue, truncated, longer, garbage, new byte[0], foreign}) {
            Files.write(file, bad);
            try (CloseableSourceEnricher e = openIndexed(db, null, store);
                 MmdbSourceEnricher reader = MmdbSourceEnricher.open(db, null)) {
                assertThat(country(e, "8.8.8.8")).isEqualTo("US");
                Ipv4IndexChecks.assertSameAnswers(e, reader, 2_000, 4, v4("8.8.8.0"), v4("133.243.255.255"));
            }
            assertThat(Files.readAllBytes(file)).as("rewritten").isEqualTo(good);
        }
    }

    @Test
    void writingPrunesIndexesUnusedForAMonthAndLeftoverTemporaryFiles() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(Ipv4IndexStore.UNUSED_DAYS + 1)));
        FileTime yesterday = FileTime.from(Instant.now().minus(Duration.ofHours(30)));
        Path stale = Files.writeString(cache.resolve("asn-0123456789abcdef.ipv4idx"), "old");
        Path recent = Files.writeString(cache.resolve("country-0123456789abcdef.ipv4idx"), "recent");
        Path part = Files.writeString(cache.resolve("asn-0123456789abcdef.ipv4idx.123.part"), "torn");
        Path freshPart = Files.writeString(cache.resolve("asn-0123456789abcdef.ipv4idx.456.part"), "being written");
        Path foreign = Files.writeString(cache.resolve("notes.txt"), "not ours");
        for (Path f : new Path[] {stale, part, foreign}) {
            Files.setLastModifiedTime(f, f == part ? yesterday : old);
        }
        try (CloseableSourceEnricher e = openIndexed(countryDb("country.mmdb", "US"), null, Ipv4IndexStore.in(cache))) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("US");
        }
        assertThat(stale).doesNotExist();
        assertThat(part).doesNotExist();
        assertThat(recent).exists();
        assertThat(freshPart).exists();
        assertThat(foreign).exists();
        assertThat(indexFiles(cache)).hasSize(4);
    }

    @Test
    void encodedIndexesDecodeOnlyUnderTheirOwnKey() {
        Ipv4Index index = new Ipv4Index.Builder(Ipv4Index.Kind.ASN, 4)
            .add(0, 0).add(0x0808_0800, 15169).add(0x0808_0900, 0).add(0xc000_0000, -2).build();
        Ipv4IndexStore.Key key = new Ipv4IndexStore.Key(Ipv4Index.Kind.ASN,
            MmdbDatabase.Layout.AUTONOMOUS_SYSTEM_NUMBER, MmdbDatabase.Ipv4Tree.IPV4_COMPATIBLE, 1234,
            0x0123_4567_89ab_cdefL);
        byte[] bytes = Ipv4IndexStore.encode(key, index);
        assertThat(Ipv4IndexStore.decode(bytes, key)).isEqualTo(index);
        assertThat(Ipv4IndexStore.decode(bytes, key).asn(0xc000_0001)).isEqualTo(0xffff_fffeL);
        for (Ipv4IndexStore.Key other : new Ipv4IndexStore.Key[] {
            new Ipv4IndexStore.Key(key.kind(), key.layout(), key.tree(), 1235, key.hash()),
            new Ipv4IndexStore.Key(key.kind(), key.layout(), key.tree(), key.size(), key.hash() + 1),
            new Ipv4IndexStore.Key(key.kind(), MmdbDatabase.Layout.ASN, key.tree(), key.size(), key.hash()),
            new Ipv4IndexStore.Key(key.kind(), key.layout(), MmdbDatabase.Ipv4Tree.IPV4_MAPPED, key.size(),
                key.hash())}) {
            assertThatThrownBy(() -> Ipv4IndexStore.decode(bytes, other)).hasMessageContaining("another database");
        }
        assertThatThrownBy(() -> Ipv4IndexStore.encode(new Ipv4IndexStore.Key(Ipv4Index.Kind.COUNTRY,
            MmdbDatabase.Layout.COUNTRY_CODE, MmdbDatabase.Ipv4Tree.IPV4, 1, 1), index))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryOnlyAndUnwritableStoresStillIndex() throws Exception {
        Path db = countryDb("country.mmdb", "US");
        try (CloseableSourceEnricher e = openIndexed(db, null, Ipv4IndexStore.memoryOnly())) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("US");
        }
        Path blocked = Files.writeString(dir.resolve("a-file"), "not a directory");
        try (CloseableSourceEnricher e = openIndexed(db, null, Ipv4IndexStore.in(blocked.resolve("cache")))) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("US");
        }
        assertThat(Files.readString(blocked)).isEqualTo("not a directory");
    }

    @Test
    void lookupsAfterCloseFailEvenWhenIndexed() throws Exception {
        CloseableSourceEnricher e = openIndexed(countryDb("country.mmdb", "US"), asnDb("asn.mmdb"),
            Ipv4IndexStore.in(dir.resolve("cache")));
        MmdbSourceEnricher m = (MmdbSourceEnricher) ((CachingSourceEnricher) e).delegate();
        assertThat(m.ipv4Indexed()).isTrue();
        e.close();
        assertThat(m.ipv4Indexed()).isFalse();
        assertThat(m.countryIndex()).isNull();
        assertThatThrownBy(() -> country(m, "8.8.8.8")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> asn(m, "8.8.8.8")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingWhileIndexingPublishesNothing() throws Exception {
        Path db = countryDb("country.mmdb", "US");
        for (int i = 0; i < 20; i++) {
            CloseableSourceEnricher e = SourceEnrichers.open(db, null, 64, Ipv4IndexStore.memoryOnly());
            MmdbSourceEnricher m = (MmdbSourceEnricher) ((CachingSourceEnricher) e).delegate();
            e.close();
            m.awaitIpv4Index(Duration.ofMinutes(1));
            assertThat(m.countryIndex()).isNull();
            assertThat(m.ipv4Indexed()).isFalse();
        }
    }

    @Test
    void directoryFollowsPropertyThenServiceThenUserCacheThenTemporaryDirectory() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> none = Map.of();
        assertThat(Ipv4IndexStore.location("/srv/geo", Map.of("CACHE_DIRECTORY", "/var/cache/k"), home.toString(),
            "/tmp", "u")).isEqualTo(new Ipv4IndexStore.Location(Path.of("/srv/geo"), false));
        assertThat(Ipv4IndexStore.location("off", none, home.toString(), "/tmp", "u")).isNull();
        assertThat(Ipv4IndexStore.location(" NONE ", none, home.toString(), "/tmp", "u")).isNull();
        assertThat(Ipv4IndexStore.location(null, Map.of("CACHE_DIRECTORY", "/var/cache/kizashi:/var/cache/other",
            "XDG_CACHE_HOME", "/x"), home.toString(), "/tmp", "u"))
            .isEqualTo(new Ipv4IndexStore.Location(Path.of("/var/cache/kizashi/geodata"), false));
        assertThat(Ipv4IndexStore.location(null, Map.of("XDG_CACHE_HOME", "/x"), home.toString(), "/tmp", "u"))
            .isEqualTo(new Ipv4IndexStore.Location(Path.of("/x/kizashi/geodata"), false));
        assertThat(Ipv4IndexStore.location(null, Map.of("XDG_CACHE_HOME", "relative"), home.toString(), "/tmp", "u"))
            .isEqualTo(new Ipv4IndexStore.Location(home.resolve(".cache/kizashi/geodata"), false));
        assertThat(Ipv4IndexStore.location(null, none, "/nonexistent", "/tmp", "kizashi"))
            .isEqualTo(new Ipv4IndexStore.Location(Path.of("/tmp/kizashi-geodata-kizashi"), true));
        assertThat(Ipv4IndexStore.location(null, none, "?", "/tmp", "a b/c"))
            .isEqualTo(new Ipv4IndexStore.Location(Path.of("/tmp/kizashi-geodata-a_b_c"), true));
    }

    @Test
    void aSharedDirectoryIsCreatedPrivate() throws Exception {
        Ipv4IndexStore.Location at = Ipv4IndexStore.location(null, Map.of(), "/nonexistent", dir.toString(),
            System.getProperty("user.name"));
        assertThat(at.shared()).isTrue();
        Ipv4IndexStore store = Ipv4IndexStore.at(at);
        Path db = countryDb("country.mmdb", "US");
        try (CloseableSourceEnricher e = openIndexed(db, null, store)) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("US");
        }
        assertThat(indexFiles(at.directory())).hasSize(1);
        if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            return;
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(at.directory()))).isEqualTo("rwx------");

        // Opened up to others (or planted by someone else): neither read nor written.
        Path file = indexFiles(at.directory()).getFirst();
        byte[] good = Files.readAllBytes(file);
        try (MmdbDatabase opened = MmdbDatabase.open(db, MmdbDatabase.Role.COUNTRY)) {
            store.save(Ipv4IndexStore.key(opened), new Ipv4Index.Builder(Ipv4Index.Kind.COUNTRY, 1)
                .add(0, CountryCodes.index("FR")).build());
        }
        Files.setPosixFilePermissions(at.directory(), PosixFilePermissions.fromString("rwxrwxrwx"));
        try (CloseableSourceEnricher e = openIndexed(db, null, store)) {
            assertThat(country(e, "8.8.8.8")).isEqualTo("US");
        }
        assertThat(Files.readAllBytes(file)).isNotEqualTo(good); // the planted index, not trusted nor replaced
        assertThat(Ipv4IndexStore.in(at.directory()).load(keyOf(db))).isNotNull(); // a configured directory is trusted
    }

    private static Ipv4IndexStore.Key keyOf(Path db) throws IOException {
        try (MmdbDatabase opened = MmdbDatabase.open(db, MmdbDatabase.Role.COUNTRY)) {
            return Ipv4IndexStore.key(opened);
        }
    }
}
