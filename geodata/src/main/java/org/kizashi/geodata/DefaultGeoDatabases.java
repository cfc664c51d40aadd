package org.kizashi.geodata;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The openly licensed databases shipped with Kizashi, in MaxMind DB format, for when the operator configures none:
 * country codes from {@code @ip-location-db/geo-whois-asn-country-mmdb} (field {@code country_code}) and AS numbers
 * from {@code @ip-location-db/asn}, converted at build time (fields {@code autonomous_system_number},
 * {@code autonomous_system_organization}). Both cover IPv4 and IPv6. See docs/adr/0011-geolocation-databases.md.
 *
 * <p>MaxMind's reader maps a file into memory, so the first call of {@link #countryDatabase()} or
 * {@link #asnDatabase()} copies the database out of the jar once per JVM, into a new private temporary directory
 * (removed when the JVM exits), or, when the system property {@value #DIRECTORY_PROPERTY} names a directory, into that
 * directory where later runs reuse it. When the classes are not packed in a jar (tests, IDE), the file is used
 * where it lies. Thread-safe.
 */
public final class DefaultGeoDatabases {
    /** System property: a directory to keep the extracted databases in across runs. */
    public static final String DIRECTORY_PROPERTY = "kizashi.geodata.dir";

    private static final String BASE = "/org/kizashi/geodata/";
    private static final Properties VERSIONS = loadVersions();
    private static Path temporaryDirectory;
    private static Path country;
    private static Path asn;

    private DefaultGeoDatabases() {
    }

    /** The country database (IPv6 tree with IPv4 at {@code ::/96}; field {@code country_code}). */
    public static synchronized Path countryDatabase() {
        if (country == null) {
            country = extract("country.mmdb", "country-" + countryVersion() + ".mmdb");
        }
        return country;
    }

    /** The AS database (IPv6 tree with IPv4 at {@code ::/96}; GeoLite2-ASN fields). */
    public static synchronized Path asnDatabase() {
        if (asn == null) {
            asn = extract("asn.mmdb", "asn-" + asnVersion() + ".mmdb");
        }
        return asn;
    }

    /** npm package of the country database, such as {@code @ip-location-db/geo-whois-asn-country-mmdb}. */
    public static String countryPackage() {
        return VERSIONS.getProperty("country.package");
    }

    /** Version of the country database's npm package. */
    public static String countryVersion() {
        return VERSIONS.getProperty("country.version");
    }

    /** npm package the AS database was made from, such as {@code @ip-location-db/asn}. */
    public static String asnPackage() {
        return VERSIONS.getProperty("asn.package");
    }

    /** Version of the AS database's npm package. */
    public static String asnVersion() {
        return VERSIONS.getProperty("asn.version");
    }

    /**
     * Credits and licences of the shipped data, in English and then Japanese, one paragraph per database, for the UI's
     * about page and the CLI. A page that shows AS results from these data should also link to https://db-ip.com/
     * ("IP Geolocation by DB-IP"), as DB-IP's licence asks.
     */
    public static String attribution() {
        return """
            Country data: %1$s %2$s (ip-location-db, CC0 1.0), made from GeoFeed, Regional Internet Registry WHOIS \
            and RIR statistics; the statistics are by the NRO (https://www.nro.net/) under CC BY 4.0.
            AS data: %3$s %4$s (ip-location-db), CC BY 4.0, from RouteViews (https://www.routeviews.org/), the NRO \
            (https://www.nro.net/) and DB-IP's IP to ASN Lite (IP Geolocation by DB-IP, https://db-ip.com/); converted \
            to MaxMind DB format by Kizashi.
            国別データ: %1$s %2$s（ip-location-db、CC0 1.0）。GeoFeed、地域インターネットレジストリ（RIR）の WHOIS と \
            RIR 統計から作成され、統計は NRO（https://www.nro.net/）が CC BY 4.0 で提供しています。
            AS データ: %3$s %4$s（ip-location-db、CC BY 4.0）。RouteViews（https://www.routeviews.org/）、\
            NRO（https://www.nro.net/）、DB-IP の IP to ASN Lite（IP Geolocation by DB-IP、https://db-ip.com/）から作成され、\
            Kizashi が MaxMind DB 形式に変換しました。
            """.formatted(countryPackage(), countryVersion(), asnPackage(), asnVersion());
    }

    private static Path extract(String resource, String fileName) {
        URL url = DefaultGeoDatabases.class.getResource(BASE + resource);
        if (url == null) {
            throw new IllegalStateException("kizashi-geodata was built without " + BASE + resource);
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            URLConnection connection = url.openConnection();
            long size = connection.getContentLengthLong();
            String directory = System.getProperty(DIRECTORY_PROPERTY);
            Path dir;
            if (directory != null && !directory.isBlank()) {
                dir = Files.createDirectories(Path.of(directory));
                Path target = dir.resolve(fileName);
                if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size) {
                    return target;
                }
            } else {
                dir = temporaryDirectory();
            }
            Path target = dir.resolve(fileName);
            Path part = Files.createTempFile(dir, fileName, ".part");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            if (directory == null || directory.isBlank()) {
                target.toFile().deleteOnExit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the default database " + resource, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path temporaryDirectory() throws IOException {
        if (temporaryDirectory == null) {
            temporaryDirectory = Files.createTempDirectory("kizashi-geodata-");
            temporaryDirectory.toFile().deleteOnExit(); // runs after the files' own deleteOnExit (reverse order)
        }
        return temporaryDirectory;
    }

    private static Properties loadVersions() {
        Properties p = new Properties();
        try (InputStream in = DefaultGeoDatabases.class.getResourceAsStream(BASE + "geodata.properties")) {
            if (in == null) {
                throw new IllegalStateException("kizashi-geodata was built without geodata.properties");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
