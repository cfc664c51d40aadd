package org.kizashi.geodata.mmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmdbWriterTest {
    @TempDir
    Path dir;

    private static Reader read(MmdbWriter writer) throws IOException {
        return new Reader(new ByteArrayInputStream(writer.toByteArray()));
    }

    private static Object get(Reader reader, String address) throws IOException {
        return reader.get(InetAddress.getByName(address), Object.class);
    }

    /** An IPv6 address object even for ::ffff:a.b.c.d (InetAddress.getByName would make that IPv4). */
    private static InetAddress v6(String address) throws IOException {
        byte[] b = InetAddress.getByName(address).getAddress();
        if (b.length == 4) {
            byte[] m = new byte[16];
            m[10] = (byte) 0xff;
            m[11] = (byte) 0xff;
            System.arraycopy(b, 0, m, 12, 4);
            b = m;
        }
        return Inet6Address.getByAddress(null, b, -1);
    }

    private static int v4(String address) throws IOException {
        return new BigInteger(1, InetAddress.getByName(address).getAddress()).intValue();
    }

    @Test
    void writesEveryValueTypeAndMetadata() throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "日本語 and ASCII");
        data.put("small", 7);
        data.put("uint32", 4_200_000_000L);
        data.put("uint64", 1L << 40);
        data.put("zero", 0);
        data.put("negative", -5);
        data.put("yes", true);
        data.put("no", false);
        data.put("pi", 3.25);
        data.put("list", List.of("a", 1, List.of()));
        data.put("nested", Map.of("iso_code", "JP", "names", Map.of("en", "Japan", "ja", "日本")));
        MmdbWriter w = new MmdbWriter(6, "Test-Types").description("en", "types").description("ja", "型")
            .language("en").buildEpoch(1_700_000_000L);
        w.insertIpv4(v4("192.0.2.0"), 24, data);
        try (Reader r = read(w)) {
            assertThat(r.getMetadata().databaseType()).isEqualTo("Test-Types");
            assertThat(r.getMetadata().ipVersion()).isEqualTo(6);
            assertThat(r.getMetadata().description()).containsEntry("en", "types").containsEntry("ja", "型");
            assertThat(r.getMetadata().languages()).containsExactly("en");
            assertThat(r.getMetadata().buildTime().getEpochSecond()).isEqualTo(1_700_000_000L);
            assertThat(r.getMetadata().recordSize()).isEqualTo(24);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) get(r, "192.0.2.77");
            assertThat(m.get("text")).isEqualTo("日本語 and ASCII");
            assertThat(((Number) m.get("small")).longValue()).isEqualTo(7);
            assertThat(((Number) m.get("uint32")).longValue()).isEqualTo(4_200_000_000L);
            assertThat(((Number) m.get("uint64")).longValue()).isEqualTo(1L << 40);
            assertThat(((Number) m.get("zero")).longValue()).isZero();
            assertThat(((Number) m.get("negative")).longValue()).isEqualTo(-5);
            assertThat(m.get("yes")).isEqualTo(true);
            assertThat(m.get("no")).isEqualTo(false);
            assertThat(m.get("pi")).isEqualTo(3.25);
            assertThat(m.get("list")).isEqualTo(List.of("a", 1L, List.of()));
            assertThat(m.get("nested")).isEqualTo(Map.of("iso_code", "JP", "names", Map.of("en", "Japan", "ja", "日本")));
            assertThat(get(r, "192.0.3.1")).isNull();
            assertThat(get(r, "2001:db8::1")).isNull();
        }
    }

    @Test
    void ipv4LiesUnderBothIpv4ConventionsOfAnIpv6Tree() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "Test");
        w.insertIpv4(v4("198.51.100.0"), 24, Map.of("v", "four"));
        w.insertIpv6(0x2001_0db8_0000_0000L, 0, 32, Map.of("v", "six"));
        try (Reader r = read(w)) {
            assertThat(get(r, "198.51.100.9")).isEqualTo(Map.of("v", "four"));
            assertThat(r.get(v6("::198.51.100.9"), Object.class)).isEqualTo(Map.of("v", "four"));
            assertThat(r.get(v6("::ffff:198.51.100.9"), Object.class)).isEqualTo(Map.of("v", "four"));
            assertThat(get(r, "2001:db8:ffff::1")).isEqualTo(Map.of("v", "six"));
            assertThat(get(r, "2001:db9::1")).isNull();
        }
        MmdbWriter noAlias = new MmdbWriter(6, "Test").aliasIpv4Mapped(false);
        noAlias.insertIpv4(v4("198.51.100.0"), 24, Map.of("v", "four"));
        try (Reader r = read(noAlias)) {
            assertThat(get(r, "198.51.100.9")).isEqualTo(Map.of("v", "four"));
            assertThat(r.get(v6("::ffff:198.51.100.9"), Object.class)).isNull();
        }
    }

    @Test
    void ipv4OnlyDatabase() throws IOException {
        MmdbWriter w = new MmdbWriter(4, "Test-v4");
        w.insertIpv4(v4("203.0.113.0"), 25, Map.of("half", 1));
        w.insertIpv4(v4("203.0.113.255"), 32, Map.of("last", 1));
        try (Reader r = read(w)) {
            assertThat(r.getMetadata().ipVersion()).isEqualTo(4);
            assertThat(get(r, "203.0.113.127")).isEqualTo(Map.of("half", 1L));
            assertThat(get(r, "203.0.113.128")).isNull();
            assertThat(get(r, "203.0.113.255")).isEqualTo(Map.of("last", 1L));
        }
        assertThatThrownBy(() -> w.insertIpv6(1L << 61, 0, 3, Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rangesAreSplitIntoNetworksExactly() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "Test");
        w.insertRange(InetAddress.getByName("10.0.0.3"), InetAddress.getByName("10.0.1.4"), Map.of("r", "v4"));
        w.insertRange(InetAddress.getByName("2001:db8::ffff"), InetAddress.getByName("2001:db8::1:0"), Map.of("r", "v6"));
        try (Reader r = read(w)) {
            assertThat(get(r, "10.0.0.2")).isNull();
            for (String in : List.of("10.0.0.3", "10.0.0.4", "10.0.0.128", "10.0.0.255", "10.0.1.0", "10.0.1.4")) {
                assertThat(get(r, in)).as(in).isEqualTo(Map.of("r", "v4"));
            }
            assertThat(get(r, "10.0.1.5")).isNull();
            assertThat(get(r, "2001:db8::fffe")).isNull();
            assertThat(get(r, "2001:db8::ffff")).isEqualTo(Map.of("r", "v6"));
            assertThat(get(r, "2001:db8::1:0")).isEqualTo(Map.of("r", "v6"));
            assertThat(get(r, "2001:db8::1:1")).isNull();
        }
        MmdbWriter all = new MmdbWriter(4, "All");
        all.insertRange(InetAddress.getByName("0.0.0.0"), InetAddress.getByName("255.255.255.255"), Map.of("all", true));
        try (Reader r = read(all)) {
            assertThat(get(r, "0.0.0.0")).isEqualTo(Map.of("all", true));
            assertThat(get(r, "255.255.255.255")).isEqualTo(Map.of("all", true));
        }
        assertThatThrownBy(() -> w.insertRange(InetAddress.getByName("10.0.0.9"), InetAddress.getByName("10.0.0.1"), Map.of()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.insertRange(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("::1"), Map.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void laterInsertWinsAndEqualHalvesAreMerged() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "Test");
        w.insertIpv4(v4("10.0.0.0"), 8, Map.of("n", "a"));
        w.insertIpv4(v4("10.1.0.0"), 16, Map.of("n", "b")); // more specific, later: wins on 10.1/16
        w.insertIpv4(v4("10.2.0.0"), 16, Map.of("n", "c"));
        w.insertIpv4(v4("10.2.0.0"), 15, Map.of("n", "d")); // less specific, later: wins on 10.2/15 entirely
        try (Reader r = read(w)) {
            assertThat(get(r, "10.0.0.1")).isEqualTo(Map.of("n", "a"));
            assertThat(get(r, "10.1.2.3")).isEqualTo(Map.of("n", "b"));
            assertThat(get(r, "10.2.2.3")).isEqualTo(Map.of("n", "d"));
            assertThat(get(r, "10.3.2.3")).isEqualTo(Map.of("n", "d"));
            assertThat(get(r, "10.4.0.0")).isEqualTo(Map.of("n", "a"));
        }

        MmdbWriter split = new MmdbWriter(6, "Test");
        split.insertIpv4(v4("172.16.0.0"), 13, Map.of("same", 1));
        split.insertIpv4(v4("172.24.0.0"), 13, Map.of("same", 1));
        try (Reader r = read(split)) {
            DatabaseRecord<Object> rec = r.getRecord(InetAddress.getByName("172.20.1.1"), Object.class);
            assertThat(rec.data()).isEqualTo(Map.of("same", 1L));
            assertThat(rec.network().prefixLength()).isEqualTo(12); // the two /13 halves became one /12
        }
        assertThatThrownBy(() -> w.insertIpv4(v4("10.0.0.1"), 24, Map.of())).hasMessageContaining("host bits");
        assertThatThrownBy(() -> w.insertIpv6(0x2001_0db8_0000_0001L, 0, 32, Map.of())).hasMessageContaining("host bits");
    }

    @Test
    void longStringsAndSharedStringsUsePointersAndSizeForms() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "Test");
        String s30 = "x".repeat(30);
        String s300 = "y".repeat(300);
        String s70k = "z".repeat(70_000);
        w.insertIpv4(v4("192.0.2.0"), 32, Map.of("s", s30, "organisation", "Shared Organisation Name"));
        w.insertIpv4(v4("192.0.2.1"), 32, Map.of("s", s300, "organisation", "Shared Organisation Name"));
        w.insertIpv4(v4("192.0.2.2"), 32, Map.of("s", s70k, "organisation", "Shared Organisation Name"));
        for (int i = 0; i < 2000; i++) {
            w.insertIpv4(v4("198.18.0.0") + i * 2, 31, Map.of("organisation", "Shared Organisation Name", "i", i));
        }
        Path file = dir.resolve("strings.mmdb");
        w.write(file);
        assertThat(Files.size(file)).isLessThan(70_000 + 300 + 30 + 2000 * 30 + 40_000);
        try (Reader r = new Reader(file.toFile())) {
            assertThat(get(r, "192.0.2.0")).isEqualTo(Map.of("s", s30, "organisation", "Shared Organisation Name"));
            assertThat(get(r, "192.0.2.1")).isEqualTo(Map.of("s", s300, "organisation", "Shared Organisation Name"));
            assertThat(get(r, "192.0.2.2")).isEqualTo(Map.of("s", s70k, "organisation", "Shared Organisation Name"));
            assertThat(get(r, "198.18.15.159")).isEqualTo(Map.of("organisation", "Shared Organisation Name", "i", 1999L));
        }
    }

    @Test
    void largeDataSectionGets28BitRecords() throws IOException {
        MmdbWriter w = new MmdbWriter(6, "Big");
        String block = "b".repeat(60_000);
        for (int i = 0; i < 290; i++) { // about 17 MB of data: beyond 24-bit record values
            w.insertIpv4(v4("100.64.0.0") + (i << 8), 24, Map.of("i", i, "pad", block + i));
        }
        try (Reader r = read(w)) {
            assertThat(r.getMetadata().recordSize()).isEqualTo(28);
            @SuppressWarnings("unchecked")
            Map<String, Object> last = (Map<String, Object>) get(r, "100.65.33.7");
            assertThat(last.get("i")).isEqualTo(289L);
            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) get(r, "100.64.0.200");
            assertThat(first.get("i")).isEqualTo(0L);
        }
    }

    @Test
    void rejectsWhatTheFormatCannotHold() {
        MmdbWriter w = new MmdbWriter(6, "Test");
        assertThatThrownBy(() -> new MmdbWriter(5, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.insertIpv4(0, 0, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.insertIpv4(0, 1, Map.of("o", new Object()))).isInstanceOf(IllegalArgumentException.class);
        MmdbWriter tooSmall = new MmdbWriter(6, "Test");
        tooSmall.insertIpv4(0, 1, Map.of("o", Long.MIN_VALUE));
        assertThatThrownBy(tooSmall::toByteArray).isInstanceOf(IllegalArgumentException.class);
    }
}
