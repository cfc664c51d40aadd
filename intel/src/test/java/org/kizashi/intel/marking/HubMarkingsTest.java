package org.kizashi.intel.marking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.intel.exchange.StixValidators;
import org.kizashi.intel.stix.StixProblem;
import org.kizashi.intel.stix.StixValidator;

/** The hub's own markings are valid STIX and say the level; TLP markings never let an import widen. */
class HubMarkingsTest {
    private static final StixValidator VALIDATOR = StixValidators.withPatterns();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode markedWith(String... ids) {
        return JSON.createObjectNode().set("object_marking_refs", JSON.valueToTree(ids));
    }

    @Test
    void theIdentityAndTheExtensionDefinitionAreValidStix() {
        assertThat(VALIDATOR.validate(HubMarkings.hubIdentity())).isEmpty();
        assertThat(VALIDATOR.validate(HubMarkings.extensionDefinition()))
                .noneMatch(p -> p.severity() == StixProblem.Severity.ERROR);
    }

    @ParameterizedTest
    @EnumSource(SharingLevel.class)
    void eachLevelHasAValidMarkingDefinitionThatNamesIt(SharingLevel level) {
        JsonNode marking = HubMarkings.markingDefinition(level);
        assertThat(VALIDATOR.validate(marking)).noneMatch(p -> p.severity() == StixProblem.Severity.ERROR);
        assertThat(marking.path("extensions").path(HubMarkings.EXTENSION_DEFINITION_ID).path("level").asText())
                .isEqualTo(level.id());
        assertThat(HubMarkings.levelOf(markedWith(HubMarkings.markingId(level)))).contains(level);
        assertThat(HubMarkings.levelOf(markedWith(HubMarkings.tlpMarkingId(level))))
                .as("an export read back: its TLP marking allows at least the level it was exported at")
                .hasValueSatisfying(allowed -> assertThat(allowed.atLeastAsWideAs(level)
                        || level == SharingLevel.AMBER || level == SharingLevel.YELLOW).isTrue());
    }

    @Test
    void identifiersAreAllDistinct() {
        Set<String> ids = new HashSet<>();
        for (SharingLevel level : SharingLevel.values()) {
            ids.add(HubMarkings.markingId(level));
            ids.add(HubMarkings.tlpMarkingId(level));
        }
        assertThat(ids).hasSize(10);
    }

    @Test
    void tlpMarkingsLimitTheLevelAnImportMayHave() {
        assertThat(HubMarkings.levelOf(markedWith("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487")))
                .as("TLP:CLEAR").contains(SharingLevel.WHITE);
        assertThat(HubMarkings.levelOf(markedWith("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da")))
                .as("TLP 1.0 GREEN").contains(SharingLevel.GREEN);
        assertThat(HubMarkings.levelOf(markedWith("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421")))
                .as("TLP:AMBER: within the recipient's organisation").contains(SharingLevel.RED);
        assertThat(HubMarkings.levelOf(markedWith("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
                "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"))).as("the narrowest counts")
                .contains(SharingLevel.GREEN);
        assertThat(HubMarkings.levelOf(markedWith(HubMarkings.markingId(SharingLevel.YELLOW),
                "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"))).as("the hub's marking first")
                .contains(SharingLevel.YELLOW);
        assertThat(HubMarkings.levelOf(markedWith("marking-definition--00000000-0000-4000-8000-000000000000")))
                .isEmpty();
    }
}
