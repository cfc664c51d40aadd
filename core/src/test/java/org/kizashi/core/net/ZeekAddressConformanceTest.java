package org.kizashi.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every address Zeek wrote in its test-baseline logs (../shared/data/zeek) parses, and prints back exactly as Zeek
 * printed it: Zeek's text is inet_ntop's, which follows RFC 5952 like {@link IpAddress#toString()}.
 */
@Tag("shared-data")
class ZeekAddressConformanceTest {
    private static Path baselines() {
        Path dir = Path.of(System.getProperty("kizashi.shared.data", "../../shared/data"), "zeek", "baselines");
        assertThat(dir).as("Zeek baselines from ../shared/data (see its README)").isDirectory();
        return dir;
    }

    @Test
    void everyAddrColumnRoundTrips() throws IOException {
        List<String> seen = new ArrayList<>();
        try (Stream<Path> files = Files.list(baselines())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                seen.addAll(addresses(file));
            }
        }
        assertThat(seen).hasSizeGreaterThan(500);
        assertThat(seen).anyMatch(a -> a.contains(":")).anyMatch(a -> a.contains("."));
        for (String text : seen) {
            assertThat(IpAddress.parse(text).toString()).as("address %s", text).isEqualTo(text);
        }
    }

    /** The values of the columns whose #types entry is "addr", in a Zeek ASCII (TSV) log. */
    private static List<String> addresses(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        List<Integer> addrColumns = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            if (line.startsWith("#types")) {
                String[] types = line.split("\t");
                addrColumns.clear();
                for (int i = 1; i < types.length; i++) {
                    if (types[i].equals("addr")) {
                        addrColumns.add(i - 1);
                    }
                }
                continue;
            }
            if (line.startsWith("#") || addrColumns.isEmpty()) {
                continue;
            }
            String[] values = line.split("\t", -1);
            for (int column : addrColumns) {
                assertThat(column).as("%s line %d has too few columns", file.getFileName(), lineNumber).isLessThan(values.length);
                String value = values[column];
                if (!value.equals("-") && !value.equals("(empty)")) {
                    out.add(value);
                }
            }
        }
        return out;
    }
}
