package org.kizashi.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every STIX object of the OASIS cti-stix2-json-schemas examples (../shared/data/stix, see its README) validates
 * without errors. The examples are bundles, plus one single object; the interop/ directory of that repository holds
 * only JSON Schemas of the interoperability profile (documents with "$schema"), no STIX objects.
 */
@Tag("shared-data")
class StixExamplesConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StixValidator validator = new StixValidator(TestObjects.BRACKETED_PATTERNS);

    private static Path stixData() {
        Path dir = Path.of(System.getProperty("kizashi.shared.data", "../../shared/data"), "stix");
        assertThat(dir).as("STIX data from ../shared/data (see its README)").isDirectory();
        return dir;
    }

    /** A STIX object found in a file: where it is and its problems. */
    private record Checked(Path file, String where, JsonNode object, List<StixProblem> problems) {
        List<StixProblem> errors() {
            return problems.stream().filter(p -> p.severity() == StixProblem.Severity.ERROR).toList();
        }
    }

    private List<Checked> checkAll(String directory, List<Path> schemas) throws IOException {
        List<Checked> checked = new ArrayList<>();
        try (Stream<Path> files = Files.walk(stixData().resolve(directory))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode document = JSON.readTree(file.toFile());
                if (document.has("$schema")) {
                    schemas.add(file);
                } else if (document.path("type").asText().equals("bundle")) {
                    BundleCheck check = validator.validateBundle(document);
                    assertThat(check.bundleProblems()).as("problems of the bundle %s", file).isEmpty();
                    for (int i = 0; i < document.path("objects").size(); i++) {
                        checked.add(new Checked(file, "objects[" + i + "]", document.path("objects").get(i),
                                check.objectProblems().get(i)));
                    }
                } else if (document.isArray()) {
                    for (int i = 0; i < document.size(); i++) {
                        checked.add(new Checked(file, "[" + i + "]", document.get(i), validator.validate(document.get(i))));
                    }
                } else {
                    checked.add(new Checked(file, "", document, validator.validate(document)));
                }
            }
        }
        return checked;
    }

    @Test
    void everyExampleObjectIsValid() throws IOException {
        List<Path> schemas = new ArrayList<>();
        List<Checked> checked = checkAll("examples", schemas);

        assertThat(schemas).isEmpty();
        assertThat(checked).hasSize(260);
        assertThat(checked).extracting(c -> c.object().path("type").asText())
                .contains("indicator", "relationship", "malware", "infrastructure", "ipv4-addr", "domain-name",
                        "report", "campaign", "identity", "threat-actor");
        for (Checked c : checked) {
            assertThat(c.errors()).as("errors of %s %s (%s)", c.file().getFileName(), c.where(),
                    c.object().path("id").asText()).isEmpty();
        }
    }

    @Test
    void theExampleSCOsAreValidButTheirRandomIdsAreReported() throws IOException {
        List<Checked> checked = checkAll("examples", new ArrayList<>());
        // infrastructure.json gives its ipv4-addr and domain-name UUIDv4 ids; SCO ids should be UUIDv5.
        List<Checked> observables = checked.stream()
                .filter(c -> StixTypes.categoryOf(c.object().path("type").asText()) == StixTypes.Category.SCO)
                .toList();
        assertThat(observables).hasSize(2);
        for (Checked c : observables) {
            assertThat(c.problems()).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(StixProblem.Code.BEST_PRACTICE);
                assertThat(p.path()).isEqualTo("/id");
                assertThat(p.detail()).contains("UUIDv5");
            });
        }
    }

    @Test
    void interopHoldsSchemasOnlyAndNoStixObjects() throws IOException {
        List<Path> schemas = new ArrayList<>();
        List<Checked> checked = checkAll("interop", schemas);

        assertThat(checked).isEmpty();
        assertThat(schemas).hasSize(20);
    }
}
