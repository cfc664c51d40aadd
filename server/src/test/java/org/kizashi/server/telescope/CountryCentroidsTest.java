package org.kizashi.server.telescope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed country-centroids.json fits the committed map: the live map's arcs start inside their country. */
class CountryCentroidsTest {
    @Test
    void everyCountryOfTheMapHasItsPointAndThePointsArePlausible() throws Exception {
        JsonNode committed = new ObjectMapper().readTree(Files.readString(CountryCentroids.OUT)).get("centroids");
        Map<String, double[]> byNumeric = CountryCentroids.centroidsByNumericId(Files.readString(CountryCentroids.MAP));
        assertThat(byNumeric).hasSizeGreaterThan(170);
        List<String> codes = new ArrayList<>();
        committed.fieldNames().forEachRemaining(codes::add);
        assertThat(codes).hasSizeGreaterThan(190).allMatch(c -> c.matches("[A-Z]{2}")).isSorted();
        for (String code : codes) {
            JsonNode p = committed.get(code);
            assertThat(p.get(0).asDouble()).as(code).isBetween(-180.0, 180.0);
            assertThat(p.get(1).asDouble()).as(code).isBetween(-90.0, 90.0);
        }
        // Spot checks: Japan at 392, the contiguous United States at 840, mainland France at 250.
        assertNear(committed.get("JP"), byNumeric.get("392"));
        assertThat(committed.get("JP").get(0).asDouble()).isBetween(130.0, 142.0);
        assertThat(committed.get("JP").get(1).asDouble()).isBetween(32.0, 40.0);
        assertThat(committed.get("US").get(0).asDouble()).isBetween(-105.0, -90.0);
        assertThat(committed.get("FR").get(0).asDouble()).isBetween(-2.0, 6.0);
        assertThat(committed.get("FR").get(1).asDouble()).isBetween(44.0, 49.0);
        assertThat(committed.has("SG")).as("small countries missing from the 1:110m map are placed too").isTrue();
    }

    private static void assertNear(JsonNode committed, double[] computed) {
        assertThat(committed.get(0).asDouble()).isCloseTo(computed[0], org.assertj.core.data.Offset.offset(0.06));
        assertThat(committed.get(1).asDouble()).isCloseTo(computed[1], org.assertj.core.data.Offset.offset(0.06));
    }
}
