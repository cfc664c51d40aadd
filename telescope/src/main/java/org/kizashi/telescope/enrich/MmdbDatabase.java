package org.kizashi.telescope.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Metadata;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One MaxMind DB file opened with MaxMind's {@link Reader} (memory-mapped), with the record layout found in it:
 * <ul>
 *   <li>country: {@code country.iso_code} (GeoLite2/GeoIP2 Country and City, DB-IP country/city lite; falls back to
 *       {@code registered_country.iso_code}) or {@code country_code} (ip-location-db, IPinfo);</li>
 *   <li>AS: {@code autonomous_system_number} (GeoLite2-ASN, DB-IP ASN lite, ip-location-db) or {@code asn}
 *       (a number, or text such as {@code "AS15169"}, as IPinfo has it).</li>
 * </ul>
 * IPv4 addresses are looked up as {@link java.net.Inet4Address}, which the reader resolves in the {@code ::/96}
 * subtree of an IPv6 database; a database that keeps IPv4 only under {@code ::ffff:0:0/96} is recognised when opened
 * and looked up there instead. IPv6 addresses in an IPv4-only database are unknown. Thread-safe (the reader is).
 */
final class MmdbDatabase implements Closeable {
    /** How many records to look at, at most, to recognise the layout. */
    private static final int PROBE_RECORDS = 10_000;

    enum Role {
        COUNTRY("Country", "country.iso_code or country_code"),
        ASN("AS", "autonomous_system_number or asn");

        final String label;
        final String fields;

        Role(String label, String fields) {
            this.label = label;
            this.fields = fields;
        }
    }

    enum Layout {
        COUNTRY_ISO_CODE("country.iso_code"),
        COUNTRY_CODE("country_code"),
        AUTONOMOUS_SYSTEM_NUMBER("autonomous_system_number"),
        ASN("asn");

        final String field;

        Layout(String field) {
            this.field = field;
        }
    }

    private final Path file;
    private final Reader reader;
    private final Layout layout;
    private final boolean ipv4Only;
    private final boolean ipv4Mapped;

    private MmdbDatabase(Path file, Reader reader, Layout layout, boolean ipv4Only, boolean ipv4Mapped) {
        this.file = file;
        this.reader = reader;
        this.layout = layout;
        this.ipv4Only = ipv4Only;
        this.ipv4Mapped = ipv4Mapped;
    }

    static MmdbDatabase open(Path file, Role role) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, role.label + " database not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(role.label + " database " + file + " is not a regular file");
        }
        Reader reader;
        try {
            reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache());
        } catch (IOException | RuntimeException e) {
            throw new IOException(role.label + " database " + file + " is not a MaxMind DB (.mmdb) file: " + e.getMessage(), e);
        }
        try {
            Metadata metadata = reader.getMetadata();
            Layout layout = detect(reader, role, file);
            boolean ipv4Only = metadata.ipVersion() == 4;
            boolean ipv4Mapped = !ipv4Only && !subtreeUsed(reader, 0) && subtreeUsed(reader, 0xffff);
            return new MmdbDatabase(file, reader, layout, ipv4Only, ipv4Mapped);
        } catch (IOException | RuntimeException e) {
            reader.close();
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().contains(file.toString())) {
                throw io;
            }
            throw new IOException(role.label + " database " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Layout detect(Reader reader, Role role, Path file) throws IOException {
        @SuppressWarnings("rawtypes")
        Networks<Map> networks;
        try {
            networks = reader.networks(false, Map.class);
        } catch (InvalidNetworkException e) {
            throw new IOException(e.getMessage(), e);
        }
        int seen = 0;
        while (seen < PROBE_RECORDS && networks.hasNext()) {
            Object data = networks.next().data();
            seen++;
            if (data instanceof Map<?, ?> record) {
                Layout layout = role == Role.COUNTRY ? countryLayout(record) : asnLayout(record);
                if (layout != null) {
                    return layout;
                }
            }
        }
        Metadata m = reader.getMetadata();
        throw new IOException(role.label + " database " + file + " (type '" + m.databaseType() + "') has no "
            + role.fields + " field" + (seen == 0 ? ": it holds no records" : " in its first " + seen + " records"));
    }

    private static Layout countryLayout(Map<?, ?> record) {
        if (isoCode(record.get("country")) || isoCode(record.get("registered_country"))) {
            return Layout.COUNTRY_ISO_CODE;
        }
        return record.get("country_code") instanceof String ? Layout.COUNTRY_CODE : null;
    }

    private static boolean isoCode(Object country) {
        return country instanceof Map<?, ?> m && m.get("iso_code") instanceof String;
    }

    private static Layout asnLayout(Map<?, ?> record) {
        if (record.get("autonomous_system_number") != null) {
            return Layout.AUTONOMOUS_SYSTEM_NUMBER;
        }
        return record.get("asn") != null ? Layout.ASN : null;
    }

    /** Whether anything lies under {@code ::/96} (word 0) or {@code ::ffff:0:0/96} (word 0xffff) of an IPv6 tree. */
    private static boolean subtreeUsed(Reader reader, int word) throws IOException {
        byte[] b = new byte[16];
        b[10] = (byte) (word >>> 8);
        b[11] = (byte) word;
        DatabaseRecord<Object> r = reader.getRecord(Inet6Address.getByAddress(null, b, -1), Object.class);
        return r.data() != null || r.network().prefixLength() > 96;
    }

    Path file() {
        return file;
    }

    Layout layout() {
        return layout;
    }

    Metadata metadata() {
        return reader.getMetadata();
    }

    /** ISO country code as the database has it (any case), or null when unknown. */
    String country(long high, long low) throws IOException {
        InetAddress address = address(high, low);
        if (address == null) {
            return null;
        }
        if (layout == Layout.COUNTRY_CODE) {
            CountryCode r = reader.get(address, CountryCode.class);
            return r == null ? null : r.countryCode();
        }
        CountryIsoCode r = reader.get(address, CountryIsoCode.class);
        if (r == null) {
            return null;
        }
        if (r.country() != null && r.country().isoCode() != null) {
            return r.country().isoCode();
        }
        return r.registeredCountry() == null ? null : r.registeredCountry().isoCode();
    }

    /** AS number, or 0 when unknown. */
    long asn(long high, long low) throws IOException {
        InetAddress address = address(high, low);
        if (address == null) {
            return 0;
        }
        Object value;
        if (layout == Layout.ASN) {
            Asn r = reader.get(address, Asn.class);
            value = r == null ? null : r.asn();
        } else {
            AutonomousSystemNumber r = reader.get(address, AutonomousSystemNumber.class);
            value = r == null ? null : r.number();
        }
        return asNumber(value);
    }

    static long asNumber(Object value) {
        long n;
        if (value instanceof BigInteger big) {
            n = big.bitLength() <= 32 ? big.longValue() : 0;
        } else if (value instanceof Number number) {
            n = number.longValue();
        } else if (value instanceof String text) {
            String t = text.strip();
            if (t.regionMatches(true, 0, "AS", 0, 2)) {
                t = t.substring(2);
            }
            try {
                n = Long.parseLong(t);
            } catch (NumberFormatException e) {
                return 0;
            }
        } else {
            return 0;
        }
        return n > 0 && n <= 0xffff_ffffL ? n : 0;
    }

    /** The address to hand to the reader, or null when this database cannot know it. */
    private InetAddress address(long high, long low) throws UnknownHostException {
        if (high == 0 && (low >>> 32) == 0xffffL && !ipv4Mapped) {
            int v4 = (int) low;
            return InetAddress.getByAddress(new byte[] {
                (byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4});
        }
        if (ipv4Only) {
            return null;
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return Inet6Address.getByAddress(null, b, -1); // stays IPv6 even for ::ffff:a.b.c.d
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    // Records the reader decodes into; public because the reader builds them by reflection.

    /** {@code iso_code} of a GeoIP2-style country object. */
    public record IsoCode(@MaxMindDbParameter(name = "iso_code") String isoCode) {
    }

    /** GeoIP2-style country fields. */
    public record CountryIsoCode(
        @MaxMindDbParameter(name = "country") IsoCode country,
        @MaxMindDbParameter(name = "registered_country") IsoCode registeredCountry) {
    }

    /** Flat {@code country_code}. */
    public record CountryCode(@MaxMindDbParameter(name = "country_code") String countryCode) {
    }

    /** GeoLite2-ASN style number (uint32, decoded as Long; any number type accepted). */
    public record AutonomousSystemNumber(@MaxMindDbParameter(name = "autonomous_system_number") Object number) {
    }

    /** IPinfo style {@code asn}: a number or "AS" and a number. */
    public record Asn(@MaxMindDbParameter(name = "asn") Object asn) {
    }
}
