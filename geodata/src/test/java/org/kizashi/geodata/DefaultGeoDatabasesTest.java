package org.kizashi.geodata;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultGeoDatabasesTest {
    @Test
    void versionsAndAttributionAreFilledIn() {
        assertThat(DefaultGeoDatabases.countryPackage()).isEqualTo("@ip-location-db/geo-whois-asn-country-mmdb");
        assertThat(DefaultGeoDatabases.asnPackage()).isEqualTo("@ip-location-db/asn");
        assertThat(DefaultGeoDatabases.countryVersion()).matches("\\d+\\.\\d+\\.\\d{10}");
        assertThat(DefaultGeoDatabases.asnVersion()).matches("\\d+\\.\\d+\\.\\d{10}");
        assertThat(DefaultGeoDatabases.attribution())
            .contains(DefaultGeoDatabases.countryVersion(), DefaultGeoDatabases.asnVersion())
            .contains("CC0 1.0", "CC BY 4.0", "NRO", "RouteViews", "IP Geolocation by DB-IP", "https://db-ip.com/")
            .contains("国別データ", "AS データ")
            .doesNotContain("${");
    }

    @Test
    void shippedDatabasesAnswerForWellKnownAddresses() throws IOException {
        try (Reader country = new Reader(DefaultGeoDatabases.countryDatabase().toFile());
             Reader asn = new Reader(DefaultGeoDatabases.asnDatabase().toFile())) {
            assertThat(country.getMetadata().ipVersion()).isEqualTo(6);
            assertThat(asn.getMetadata().ipVersion()).isEqualTo(6);
            assertThat(asn.getMetadata().databaseType()).isEqualTo("ip-location-db-asn");
            assertThat(country.get(InetAddress.getByName("8.8.8.8"), Object.class)).isEqualTo(Map.of("country_code", "US"));
            assertThat(country.get(InetAddress.getByName("133.243.0.1"), Object.class)).isEqualTo(Map.of("country_code", "JP"));
            assertThat(asn.get(InetAddress.getByName("8.8.8.8"), Object.class))
                .isEqualTo(Map.of("autonomous_system_number", 15169L, "autonomous_system_organization", "Google LLC"));
            assertThat(asn.get(InetAddress.getByName("2001:4860:4860::8888"), Object.class))
                .isEqualTo(Map.of("autonomous_system_number", 15169L, "autonomous_system_organization", "Google LLC"));
            assertThat(asn.get(InetAddress.getByName("10.1.2.3"), Object.class)).isNull();
        }
    }

    @Test
    void databasesInAJarAreExtractedOnceAndReusedFromTheConfiguredDirectory(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("geodata.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String cls = DefaultGeoDatabases.class.getName().replace('.', '/') + ".class";
            put(out, cls, DefaultGeoDatabases.class.getResourceAsStream("/" + cls).readAllBytes());
            put(out, "org/kizashi/geodata/geodata.properties",
                "country.version=1.2.3\nasn.version=4.5.6\n".getBytes(StandardCharsets.UTF_8));
            put(out, "org/kizashi/geodata/country.mmdb", "country bytes".getBytes(StandardCharsets.UTF_8));
            put(out, "org/kizashi/geodata/asn.mmdb", "asn bytes".getBytes(StandardCharsets.UTF_8));
        }
        Path cache = dir.resolve("cache");
        String previous = System.getProperty(DefaultGeoDatabases.DIRECTORY_PROPERTY);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Method country = loader.loadClass(DefaultGeoDatabases.class.getName()).getMethod("countryDatabase");
            Method asn = loader.loadClass(DefaultGeoDatabases.class.getName()).getMethod("asnDatabase");

            System.clearProperty(DefaultGeoDatabases.DIRECTORY_PROPERTY);
            Path temporary = (Path) asn.invoke(null);
            assertThat(temporary.getFileName().toString()).isEqualTo("asn-4.5.6.mmdb");
            assertThat(Files.readString(temporary)).isEqualTo("asn bytes");
            assertThat(asn.invoke(null)).isEqualTo(temporary);

            System.setProperty(DefaultGeoDatabases.DIRECTORY_PROPERTY, cache.toString());
            Path kept = (Path) country.invoke(null);
            assertThat(kept).isEqualTo(cache.resolve("country-1.2.3.mmdb"));
            assertThat(Files.readString(kept)).isEqualTo("country bytes");
        } finally {
            if (previous == null) {
                System.clearProperty(DefaultGeoDatabases.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(DefaultGeoDatabases.DIRECTORY_PROPERTY, previous);
            }
        }
        long modified = Files.getLastModifiedTime(cache.resolve("country-1.2.3.mmdb")).toMillis();
        try (URLClassLoader again = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            System.setProperty(DefaultGeoDatabases.DIRECTORY_PROPERTY, cache.toString());
            Path reused = (Path) again.loadClass(DefaultGeoDatabases.class.getName()).getMethod("countryDatabase").invoke(null);
            assertThat(reused).isEqualTo(cache.resolve("country-1.2.3.mmdb"));
            assertThat(Files.getLastModifiedTime(reused).toMillis()).isEqualTo(modified);
        } finally {
            if (previous == null) {
                System.clearProperty(DefaultGeoDatabases.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(DefaultGeoDatabases.DIRECTORY_PROPERTY, previous);
            }
        }
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

}
