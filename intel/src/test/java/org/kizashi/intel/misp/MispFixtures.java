package org.kizashi.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The MISP event fixtures of this package and lookups in conversions. */
final class MispFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    static final String PENSION = "japan-pension-emdivi.json";
    static final String OBJECTS = "objects-event.json";
    static final String GALAXIES = "galaxy-event.json";
    static final String UNMAPPED = "unmapped-types.json";

    private MispFixtures() {
    }

    static JsonNode load(String name) {
        try (InputStream in = MispFixtures.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<MispConversion> convert(String name) {
        try {
            return new MispImport().convert(load(name));
        } catch (MispFormatException e) {
            throw new AssertionError("fixture " + name + " should convert: " + e.getMessage(), e);
        }
    }

    static MispConversion convertOne(String name) {
        List<MispConversion> conversions = convert(name);
        assertThat(conversions).hasSize(1);
        return conversions.getFirst();
    }

    static ObjectNode object(MispConversion conversion, String id) {
        return conversion.objects().stream()
                .filter(o -> o.path("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no object " + id + " among "
                        + conversion.objects().stream().map(o -> o.path("id").asText()).toList()));
    }

    static List<ObjectNode> ofType(MispConversion conversion, String type) {
        return conversion.objects().stream().filter(o -> o.path("type").asText().equals(type)).toList();
    }

    static String pattern(MispConversion conversion, String attributeUuid) {
        return object(conversion, "indicator--" + attributeUuid).path("pattern").asText();
    }

    static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::asText).toList();
    }
}
