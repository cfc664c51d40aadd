package org.kizashi.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Malformed MISP JSON: refused with the JSON Pointer of the problem. */
class MispFormatExceptionTest {

    @Test
    void anAttributeWithoutTypeIsNamedByItsPointer() {
        assertRefused(MispFixtures.load("malformed-missing-type.json"), "/Event/Attribute/3/type", "missing");
    }

    @Test
    void aResponseItemWithoutEventIsNamedByItsPointer() {
        assertRefused(MispFixtures.load("malformed-response.json"), "/response/1/Event", "missing");
    }

    @Test
    void jsonThatIsNoMispExportIsRefusedAsAWhole() {
        assertRefused(MispFixtures.JSON.createArrayNode(), "", "MISP export");
        assertRefused(MispFixtures.JSON.createObjectNode().put("type", "bundle"), "", "neither Event nor response");
        assertRefused(MispFixtures.JSON.createObjectNode().put("response", "none"), "/response", "expected a list");
    }

    @Test
    void eventFieldsEveryExportHasAreRequiredAndChecked() {
        assertRefused(pension(e -> e.remove("uuid")), "/Event/uuid", "missing");
        assertRefused(pension(e -> e.put("uuid", "2015-nenkin")), "/Event/uuid", "not a UUID");
        assertRefused(pension(e -> e.remove("info")), "/Event/info", "missing");
        assertRefused(pension(e -> e.put("date", "08/05/2015")), "/Event/date", "yyyy-mm-dd");
        assertRefused(pension(e -> e.put("timestamp", "yesterday")), "/Event/timestamp", "seconds since 1970");
        assertRefused(pension(e -> e.put("distribution", "5")), "/Event/distribution", "0 to 4");
        assertRefused(pension(e -> e.withArray("Tag").insertObject(0).put("colour", "#ffffff")),
                "/Event/Tag/0/name", "missing");
        assertRefused(pension(e -> e.putObject("Orgc").put("name", "no uuid")), "/Event/Orgc/uuid", "missing");
    }

    @Test
    void attributeProblemsNameTheAttribute() {
        assertRefused(pension(e -> attribute(e, 2).remove("value")), "/Event/Attribute/2/value", "missing");
        assertRefused(pension(e -> attribute(e, 4).put("to_ids", "maybe")), "/Event/Attribute/4/to_ids",
                "true or false");
        assertRefused(pension(e -> attribute(e, 6).put("distribution", "7")), "/Event/Attribute/6/distribution",
                "0 to 5");
        assertRefused(pension(e -> attribute(e, 7).put("first_seen", "last spring")),
                "/Event/Attribute/7/first_seen", "offset");
        assertRefused(pension(e -> attribute(e, 1).put("uuid", attribute(e, 0).get("uuid").asText())),
                "/Event/Attribute/1/uuid", "also at /Event/Attribute/0/uuid");
        assertRefused(pension(e -> attribute(e, 7).withArray("Galaxy").addObject().putArray("GalaxyCluster")
                .addObject().put("value", "Emdivi")), "/Event/Attribute/7/Galaxy/1/GalaxyCluster/0/uuid", "missing");
    }

    @Test
    void objectProblemsNameTheObjectsAttribute() {
        JsonNode objects = MispFixtures.load(MispFixtures.OBJECTS);
        ((ObjectNode) objects.at("/Event/Object/1/Attribute/1")).remove("value");
        assertRefused(objects, "/Event/Object/1/Attribute/1/value", "missing");
    }

    private static ObjectNode attribute(ObjectNode event, int index) {
        return (ObjectNode) ((ArrayNode) event.get("Attribute")).get(index);
    }

    private static JsonNode pension(Consumer<ObjectNode> change) {
        JsonNode root = MispFixtures.load(MispFixtures.PENSION);
        change.accept((ObjectNode) root.get("Event"));
        return root;
    }

    private static void assertRefused(JsonNode misp, String pointer, String problem) {
        assertThatThrownBy(() -> new MispImport().convert(misp))
                .isInstanceOf(MispFormatException.class)
                .hasMessageStartingWith(pointer + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((MispFormatException) e).pointer()).isEqualTo(pointer));
    }
}
