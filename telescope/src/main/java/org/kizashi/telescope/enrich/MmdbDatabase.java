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
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

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
        COUNTRY_ISO_CODE("country.iso_code", Ipv4Index.Kind.COUNTRY),
        COUNTRY_CODE("country_code", Ipv4Index.Kind.COUNTRY),
        AUTONOMOUS_SYSTEM_NUMBER("autonomous_system_number", Ipv4Index.Kind.ASN),
        ASN("asn", Ipv4Index.Kind.ASN);

        final String field;
        final Ipv4Index.Kind kind;

        Layout(String field, Ipv4Index.Kind kind) {
            this.field = field;
            this.kind = kind;
        }
    }

    /** Where a database keeps the IPv4 addresses it is asked about. */
    enum Ipv4Tree {
        /** An IPv4 database. */
        IPV4,
        /** {@code ::a.b.c.d} of an IPv6 database (where MaxMind's reader looks for an {@code Inet4Address}). */
        IPV4_COMPATIBLE,
        /** {@code ::ffff:a.b.c.d} of an IPv6 database. */
        IPV4_MAPPED
    }

    /** Size, modification time and identity (inode) of the file when it was opened, to notice a replaced file. */
    record FileStamp(long size, long modifiedMillis, Object fileKey) {
        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(a.size(), a.lastModifiedTime().toMillis(), a.fileKey());
        }
    }

    private final Path file;
    private final FileStamp stamp;
    private final Reader reader;
    private final Layout layout;
    private final boolean ipv4Only;
    private final boolean ipv4Mapped;

    private MmdbDatabase(Path file, FileStamp stamp, Reader reader, Layout layout, boolean ipv4Only,
                         boolean ipv4Mapped) {
        this.file = file;
        this.stamp = stamp;
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
        FileStamp stamp = FileStamp.of(file);
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
            return new MmdbDatabase(file, stamp, reader, layout, ipv4Only, ipv4Mapped);
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

    /** The file's size, modification time and identity just before it was opened. */
    FileStamp stamp() {
        return stamp;
    }

    Layout layout() {
        return layout;
    }

    Ipv4Tree ipv4Tree() {
        return ipv4Only ? Ipv4Tree.IPV4 : ipv4Mapped ? Ipv4Tree.IPV4_MAPPED : Ipv4Tree.IPV4_COMPATIBLE;
    }

    Metadata metadata() {
        return reader.getMetadata();
    }

    /** ISO country code as the database has it (any case), or null when unknown. */
    String country(long high, long low) throws IOException {
        InetAddress address = address(high, low);
        return address == null ? null : countryOf(reader.get(address, recordClass()));
    }

    /** AS number, or 0 when unknown. */
    long asn(long high, long low) throws IOException {
        InetAddress address = address(high, low);
        return address == null ? 0 : asnOf(reader.get(address, recordClass()));
    }

    /** The class the reader decodes this layout's records into. */
    private Class<?> recordClass() {
        return switch (layout) {
            case COUNTRY_ISO_CODE -> CountryIsoCode.class;
            case COUNTRY_CODE -> CountryCode.class;
            case AUTONOMOUS_SYSTEM_NUMBER -> AutonomousSystemNumber.class;
            case ASN -> Asn.class;
        };
    }

    /** The country code in a record of {@link #recordClass()}, or null. */
    private static String countryOf(Object record) {
        return switch (record) {
            case CountryCode r -> r.countryCode();
            case CountryIsoCode r when r.country() != null && r.country().isoCode() != null -> r.country().isoCode();
            case CountryIsoCode r -> r.registeredCountry() == null ? null : r.registeredCountry().isoCode();
            case null, default -> null;
        };
    }

    /** The AS number in a record of {@link #recordClass()}, or 0. */
    private static long asnOf(Object record) {
        return switch (record) {
            case AutonomousSystemNumber r -> asNumber(r.number());
            case Asn r -> asNumber(r.asn());
            case null, default -> 0;
        };
    }

    /**
     * The whole IPv4 space as this database answers it through {@link #country} (as a {@link CountryCodes#index}) or
     * {@link #asn}: asks MaxMind's reader for 0.0.0.0 and then for the address just after the network each answer
     * came with, exactly as a lookup does (same address form, same subtree, same record decoding), so the index
     * answers what the reader answers by construction. Costs about 0.2 s for half a million networks once compiled
     * (about 1 s when cold).
     *
     * @param cancelled checked now and then; when it says true the sweep stops with {@link InterruptedIOException}
     */
    Ipv4Index ipv4Index(BooleanSupplier cancelled) throws IOException {
        Class<?> recordClass = recordClass();
        boolean country = layout.kind == Ipv4Index.Kind.COUNTRY;
        Ipv4Index.Builder ranges = new Ipv4Index.Builder(layout.kind, 1 << 16);
        long at = 0;
        for (int n = 0; at <= 0xffff_ffffL; n++) {
            if ((n & 0xfff) == 0 && cancelled.getAsBoolean()) {
                throw new InterruptedIOException("indexing " + file + " was cancelled");
            }
            InetAddress address = Objects.requireNonNull(address(0, 0x0000_ffff_0000_0000L | at));
            DatabaseRecord<?> r = reader.getRecord(address, recordClass);
            int length = r.network().prefixLength() - (address instanceof Inet6Address ? 96 : 0);
            long size = 1L << (32 - Math.clamp(length, 0, 32));
            long next = (at & -size) + size;
            if (next <= at) {
                throw new IOException("the search tree of " + file + " went backwards at " + at);
            }
            Object data = r.data();
            ranges.add((int) at,
                country ? CountryCodes.index(CountryCodes.canonical(countryOf(data))) : (int) asnOf(data));
            at = next;
        }
        return ranges.build();
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
