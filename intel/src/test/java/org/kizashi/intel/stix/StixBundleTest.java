package org.kizashi.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kizashi.intel.stix.TestObjects.minimal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bundles: their own rules, and each object validated on its own. */
class StixBundleTest {
    private static final String BUNDLE_ID = "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d";
    private final StixValidator validator = new StixValidator(TestObjects.BRACKETED_PATTERNS);

    /** Whether the bundle and all its objects are free of errors. */
    private static boolean allValid(BundleCheck check) {
        return StixProblem.noErrors(check.bundleProblems())
                && check.objectProblems().stream().allMatch(StixProblem::noErrors);
    }

    private static ObjectNode bundle(ObjectNode... objects) {
        ObjectNode bundle = TestObjects.JSON.createObjectNode();
        bundle.put("type", "bundle");
        bundle.put("id", BUNDLE_ID);
        ArrayNode list = bundle.putArray("objects");
        for (ObjectNode object : objects) {
            list.add(object);
        }
        return bundle;
    }

    @Test
    void oneBadObjectIsReportedAtItsIndexAndTheOthersStayValid() {
        ObjectNode badReport = minimal("report");
        badReport.remove("published");
        badReport.put("confidence", 250);
        BundleCheck check = validator.validateBundle(bundle(minimal("indicator"), badReport, minimal("ipv4-addr"),
                minimal("relationship")));

        assertThat(check.bundleProblems()).isEmpty();
        assertThat(check.objectProblems()).hasSize(4);
        assertThat(check.valid(0)).isTrue();
        assertThat(check.valid(1)).isFalse();
        assertThat(check.valid(2)).isTrue();
        assertThat(check.valid(3)).isTrue();
        assertThat(allValid(check)).isFalse();
        assertThat(check.objectProblems().get(0)).isEmpty();
        assertThat(check.objectProblems().get(1)).extracting(p -> p.code() + " " + p.path())
                .containsExactly("REQUIRED /published", "RANGE /confidence");
        assertThat(check.objectProblems().get(1)).extracting(StixProblem::objectId)
                .containsOnly(badReport.get("id").asText());
        assertThat(check.objectProblems().get(2)).isEmpty();
    }

    @Test
    void aValidBundleIsValid() {
        BundleCheck check = validator.validateBundle(bundle(minimal("identity"), minimal("malware")));
        assertThat(allValid(check)).isTrue();
        assertThat(check.bundleProblems()).isEmpty();
        assertThat(check.objectProblems()).containsExactly(List.of(), List.of());
    }

    @Test
    void aBundleHasNoSpecVersionInStix21() {
        ObjectNode bundle = bundle(minimal("tool"));
        bundle.put("spec_version", "2.0");
        BundleCheck check = validator.validateBundle(bundle);
        assertThat(check.bundleProblems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(StixProblem.Severity.WARNING);
            assertThat(p.code()).isEqualTo(StixProblem.Code.UNKNOWN_PROPERTY);
            assertThat(p.path()).isEqualTo("/spec_version");
            assertThat(p.objectId()).isEqualTo(BUNDLE_ID);
        });
        assertThat(allValid(check)).isTrue();
    }

    @Test
    void theBundleItselfNeedsItsTypeAndABundleId() {
        ObjectNode bundle = bundle(minimal("tool"));
        bundle.put("id", "report--5d0092c5-5f74-4287-9642-33f4c354e56d");
        bundle.put("type", "collection");
        assertThat(validator.validateBundle(bundle).bundleProblems()).extracting(p -> p.code() + " " + p.path())
                .containsExactly("ENUMERATION /type", "IDENTIFIER /id");

        bundle.remove("id");
        bundle.put("type", "bundle");
        bundle.put("objects", "tool");
        BundleCheck check = validator.validateBundle(bundle);
        assertThat(check.bundleProblems()).extracting(p -> p.code() + " " + p.path())
                .containsExactly("REQUIRED /id", "TYPE /objects");
        assertThat(check.bundleProblems()).extracting(StixProblem::objectId).containsOnlyNulls();
        assertThat(check.objectProblems()).isEmpty();
    }

    @Test
    void anEmptyObjectsListIsAnErrorButAnAbsentOneIsNot() {
        ObjectNode empty = bundle();
        assertThat(validator.validateBundle(empty).bundleProblems()).extracting(p -> p.code() + " " + p.path())
                .containsExactly("RANGE /objects");
        empty.remove("objects");
        assertThat(allValid(validator.validateBundle(empty))).isTrue();
    }

    @Test
    void elementsThatAreNotStixObjectsAreInvalidAtTheirIndex() {
        ObjectNode bundle = bundle(minimal("tool"), bundle(minimal("tool")));
        ((ArrayNode) bundle.get("objects")).add("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
        BundleCheck check = validator.validateBundle(bundle);
        assertThat(check.valid(0)).isTrue();
        assertThat(check.objectProblems().get(1)).extracting(p -> p.code() + " " + p.path())
                .containsExactly("TYPE /type");
        assertThat(check.objectProblems().get(2)).extracting(p -> p.code() + " " + p.path() + " " + p.objectId())
                .containsExactly("TYPE  null");
    }

    @Test
    void validatingABundleAsAnObjectGivesEveryProblemWithItsPathInTheBundle() {
        ObjectNode badTool = minimal("tool");
        badTool.remove("name");
        List<StixProblem> problems = validator.validate(bundle(minimal("identity"), badTool));
        assertThat(problems).extracting(p -> p.code() + " " + p.path() + " " + p.objectId())
                .containsExactly("REQUIRED /objects/1/name " + badTool.get("id").asText());
    }
}
