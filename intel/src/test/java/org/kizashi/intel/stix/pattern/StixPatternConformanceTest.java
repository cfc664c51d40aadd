package org.kizashi.intel.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the parser against public STIX data in the shared data directory: the STIX 2.1 specification examples
 * kept by cti-pattern-validator, and the indicator patterns of the OASIS examples and interoperability test data.
 */
@Tag("shared-data")
class StixPatternConformanceTest {
    private static final Path STIX = Path.of(System.getProperty("kizashi.shared.data", "../../shared/data"), "stix");
    private static final Path SPEC_EXAMPLES = STIX.resolve("pattern-validator").resolve("spec_examples_v21.txt");

    static List<String> specExamples() throws IOException {
        return Files.readAllLines(SPEC_EXAMPLES, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();
    }

    @Test
    void specExamplesAreAllThere() throws IOException {
        assertThat(specExamples()).hasSize(23);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("specExamples")
    void parsesSpecExample(String pattern) throws StixPatternException {
        assertParsesAndRoundTrips(pattern);
    }

    /** Indicator patterns found in the JSON files, as (file, indicator id, pattern). */
    static Stream<Arguments> indicatorPatterns() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Arguments> patterns = new ArrayList<>();
        for (Path directory : List.of(STIX.resolve("examples"), STIX.resolve("interop"))) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                    collectIndicatorPatterns(STIX.relativize(file).toString(), mapper.readTree(file.toFile()),
                            patterns);
                }
            }
        }
        return patterns.stream();
    }

    private static void collectIndicatorPatterns(String file, JsonNode node, List<Arguments> out) {
        if (node.isObject() && node.path("type").asText().equals("indicator")
                && node.path("pattern_type").asText().equals("stix")) {
            out.add(Arguments.of(file, node.path("id").asText(), node.path("pattern").asText()));
        }
        node.forEach(child -> collectIndicatorPatterns(file, child, out));
    }

    @Test
    void findsTheIndicatorsOfTheExampleFiles() throws IOException {
        // 43 indicators with pattern_type "stix", most of them in the APT1 and Poison Ivy threat reports.
        assertThat(indicatorPatterns()).hasSize(43);
    }

    /** All of them are valid STIX 2.1 patterns; none had to be listed as an expected failure. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("indicatorPatterns")
    void parsesIndicatorPattern(String file, String id, String pattern) throws StixPatternException {
        assertParsesAndRoundTrips(pattern);
    }

    private static void assertParsesAndRoundTrips(String pattern) throws StixPatternException {
        StixPattern parsed = StixPattern.parse(pattern);
        StixPattern reparsed = StixPattern.parse(parsed.canonical());

        assertThat(reparsed).isEqualTo(parsed);
        assertThat(reparsed.canonical()).isEqualTo(parsed.canonical());
        assertThat(reparsed.comparisons()).isEqualTo(parsed.comparisons()).isNotEmpty();
    }
}
