package org.kizashi.active.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The test vectors of the Safe Browsing reference client (google/safebrowsing, urls_test.go), as TSV files in the
 * shared data directory (see its README): every vector of every table must pass.
 */
@Tag("shared-data")
class SafeBrowsingVectorsTest {
    private static final Path VECTORS =
            Path.of(System.getProperty("kizashi.shared.data", "../../shared/data"), "safebrowsing");

    /** One line of a TSV file: the input as the file writes it (for the test name), decoded input, expected. */
    record Vector(String written, String input, String expected) {
        boolean expectsFailure() {
            return expected.isEmpty();
        }

        String displayName() {
            return written.isEmpty() ? "(empty input)" : written;
        }
    }

    static List<Vector> read(String file) throws IOException {
        Path path = VECTORS.resolve(file);
        List<String> lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
        assertThat(lines.getFirst()).isEqualTo("input\texpected");
        List<Vector> vectors = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int tab = line.indexOf('\t');
            assertThat(tab).as("TAB in line %s of %s", line, file).isGreaterThanOrEqualTo(0);
            String written = line.substring(0, tab);
            vectors.add(new Vector(written, textOf(unescapeToBytes(written)),
                    textOf(unescapeToBytes(line.substring(tab + 1)))));
        }
        return vectors;
    }

    /** Decodes the README's escapes: \t \r \n \\ and \xHH (one raw byte). */
    static byte[] unescapeToBytes(String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char next = field.charAt(++i);
            switch (next) {
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(field.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + next + " in " + field);
            }
        }
        return out.toByteArray();
    }

    /**
     * The URL bytes as a Java string: well-formed UTF-8 decoded, and each byte that is not part of well-formed UTF-8
     * written as its percent-escape. The canonicaliser unescapes, so "%80" stands for exactly the byte 0x80: a lone
     * byte thus reaches it unchanged and comes out as "%80", as the reference client does with raw bytes.
     */
    static String textOf(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int length = wellFormedUtf8Length(bytes, i);
            if (length > 0) {
                out.append(new String(bytes, i, length, StandardCharsets.UTF_8));
                i += length;
            } else {
                out.append('%').append(String.format("%02X", bytes[i] & 0xff));
                i++;
            }
        }
        return out.toString();
    }

    /** The length of the well-formed UTF-8 sequence at {@code i} (RFC 3629 table), or 0. */
    private static int wellFormedUtf8Length(byte[] b, int i) {
        int lead = b[i] & 0xff;
        if (lead < 0x80) {
            return 1;
        }
        int length;
        int secondMin = 0x80;
        int secondMax = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            secondMin = lead == 0xe0 ? 0xa0 : 0x80;
            secondMax = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            secondMin = lead == 0xf0 ? 0x90 : 0x80;
            secondMax = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (i + length > b.length) {
            return 0;
        }
        for (int k = 1; k < length; k++) {
            int c = b[i + k] & 0xff;
            int min = k == 1 ? secondMin : 0x80;
            int max = k == 1 ? secondMax : 0xbf;
            if (c < min || c > max) {
                return 0;
            }
        }
        return length;
    }

    private static List<String> commaList(String expected) {
        return Arrays.asList(expected.split(","));
    }

    @Test
    void everyFileIsThereWithAllItsVectors() throws IOException {
        assertThat(VECTORS).isDirectory();
        assertThat(read("canonicalization.tsv")).hasSize(52);
        assertThat(read("patterns.tsv")).hasSize(14);
        assertThat(read("canonical_host.tsv")).hasSize(10);
        assertThat(read("canonical_path.tsv")).hasSize(10);
        assertThat(read("parse_ip.tsv")).hasSize(11);
        assertThat(read("lookup_hosts.tsv")).hasSize(5);
        assertThat(read("lookup_paths.tsv")).hasSize(4);
    }

    @Test
    void loneInvalidByteBecomesItsEscape() {
        assertThat(textOf(new byte[] {'a', (byte) 0x80, (byte) 0xc3, (byte) 0xbc, (byte) 0xc3}))
                .isEqualTo("a%80\u00fc%C3");
    }

    @TestFactory
    Stream<DynamicTest> canonicalization() throws IOException {
        return stringVectors("canonicalization.tsv", SafeBrowsingUrls::canonicalUrl);
    }

    @TestFactory
    Stream<DynamicTest> canonicalHost() throws IOException {
        return stringVectors("canonical_host.tsv", SafeBrowsingUrls::canonicalHost);
    }

    @TestFactory
    Stream<DynamicTest> canonicalPath() throws IOException {
        return stringVectors("canonical_path.tsv", SafeBrowsingUrls::canonicalPath);
    }

    /** Here an empty expectation means "not an IP address" (""), never an error. */
    @TestFactory
    Stream<DynamicTest> parseIpAddress() throws IOException {
        return read("parse_ip.tsv").stream().map(vector -> DynamicTest.dynamicTest(vector.displayName(),
                () -> assertThat(SafeBrowsingUrls.parseIpAddress(vector.input())).isEqualTo(vector.expected())));
    }

    /** The reference test sorts both lists: order is not part of the expectation. */
    @TestFactory
    Stream<DynamicTest> patterns() throws IOException {
        return read("patterns.tsv").stream().map(vector -> DynamicTest.dynamicTest(vector.displayName(), () -> {
            if (vector.expectsFailure()) {
                assertFails(vector, SafeBrowsingUrls::expressions);
            } else {
                assertThat(SafeBrowsingUrls.expressions(vector.input()))
                        .containsExactlyInAnyOrderElementsOf(commaList(vector.expected()));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> lookupHosts() throws IOException {
        return orderedListVectors("lookup_hosts.tsv", SafeBrowsingUrls::lookupHosts);
    }

    @TestFactory
    Stream<DynamicTest> lookupPaths() throws IOException {
        return orderedListVectors("lookup_paths.tsv", SafeBrowsingUrls::lookupPaths);
    }

    private static Stream<DynamicTest> stringVectors(String file, Function<String, String> function)
            throws IOException {
        return read(file).stream().map(vector -> DynamicTest.dynamicTest(vector.displayName(), () -> {
            if (vector.expectsFailure()) {
                assertFails(vector, function);
            } else {
                assertThat(function.apply(vector.input())).isEqualTo(vector.expected());
            }
        }));
    }

    private static Stream<DynamicTest> orderedListVectors(String file, Function<String, List<String>> function)
            throws IOException {
        return read(file).stream().map(vector -> DynamicTest.dynamicTest(vector.displayName(), () -> {
            if (vector.expectsFailure()) {
                assertFails(vector, function);
            } else {
                assertThat(function.apply(vector.input())).containsExactlyElementsOf(commaList(vector.expected()));
            }
        }));
    }

    private static void assertFails(Vector vector, Function<String, ?> function) {
        assertThatThrownBy(() -> function.apply(vector.input()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("URL '")
                .hasMessageContaining("has no valid host");
    }
}
