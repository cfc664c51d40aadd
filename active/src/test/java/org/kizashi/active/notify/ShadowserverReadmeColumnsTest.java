package org.kizashi.active.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CSV columns against the README of ../shared/data/shadowserver, which describes event4_sinkhole as the
 * event4_sinkhole_http columns without the HTTP ones.
 */
@Tag("shared-data")
class ShadowserverReadmeColumnsTest {

    @Test
    void theCsvColumnsAreTheEvent4SinkholeColumnsOfTheReadme() throws IOException {
        Path readme = Path.of(System.getProperty("kizashi.shared.data", "../../shared/data"), "shadowserver",
                "README.md");
        List<String> lines = Files.readAllLines(readme);
        List<String> http = split(lines.get(lines.indexOf("## event4_sinkhole_http (Sinkhole-Events-HTTP, IPv4)")
                + 1));
        String without = lines.get(lines.indexOf("## event4_sinkhole (Sinkhole-Events, IPv4)") + 1);
        assertThat(without).startsWith("The same columns without ");
        List<String> expected = new ArrayList<>(http);
        expected.removeAll(split(without.substring("The same columns without ".length()).replace(".", "")));

        assertThat(IspBatch.COLUMNS).containsExactlyElementsOf(expected);
        assertThat(String.join(",", expected)).isEqualTo(IspBatchTest.EVENT4_SINKHOLE_HEADER);
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).toList();
    }
}
