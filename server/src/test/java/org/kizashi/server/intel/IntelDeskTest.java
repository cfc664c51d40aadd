package org.kizashi.server.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.intel.exchange.StixImport;
import org.kizashi.intel.marking.HubMarkings;
import org.kizashi.store.Database;
import org.kizashi.store.TestDatabases;

/** Importing bundles into a community and exporting them for an audience, on a real database. */
class IntelDeskTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TLP_AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";

    private Database database;
    private IntelDesk desk;
    private Community ceptoar;
    private Organisation provider;

    @BeforeEach
    void open() {
        database = TestDatabases.h2();
        desk = new IntelDesk(database);
        ceptoar = database.communities().create("電力 CEPTOAR", Community.Kind.CEPTOAR, OptionalLong.empty());
        provider = database.organisations().create("電力会社A");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static String indicator(String id, String pattern, String... markings) {
        String marks = markings.length == 0 ? "" : ",\"object_marking_refs\":[\"" + String.join("\",\"", markings) + "\"]";
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\","
                + "\"created\":\"2026-11-20T01:02:03.000Z\",\"modified\":\"2026-11-20T01:02:03.000Z\","
                + "\"name\":\"C&C\",\"pattern\":\"" + pattern + "\",\"pattern_type\":\"stix\","
                + "\"valid_from\":\"2026-11-20T00:00:00Z\"" + marks + "}";
    }

    private static String bundle(String... objects) {
        return "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":["
                + String.join(",\n", objects) + "]}";
    }

    private ImportReport importAt(SharingLevel level, String bundle) throws StixImport.Interrupted {
        return desk.importBundle(new ByteArrayInputStream(bundle.getBytes(StandardCharsets.UTF_8)), "test.json",
                ceptoar, level, provider, false, n -> { });
    }

    private JsonNode exportFor(SharingLevel level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        desk.exportBundle(List.of(ceptoar), level, out, n -> { });
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void validObjectsAreStoredAndEachBadOneIsNamedWithItsReason() throws Exception {
        String good = "indicator--" + UUID.randomUUID();
        String badPattern = "indicator--" + UUID.randomUUID();
        String amber = "indicator--" + UUID.randomUUID();
        ImportReport report = importAt(SharingLevel.GREEN, bundle(
                indicator(good, "[ipv4-addr:value = '198.51.100.7']"),
                indicator(badPattern, "[ipv4-addr:value = '198.51.100.7'"),
                "{\"type\":\"indicator\",\"id\":\"not-an-id\"}",
                indicator(amber, "[domain-name:value = 'c2.example']", TLP_AMBER)));

        assertThat(report.items()).extracting(ImportReport.Item::status).containsExactly(ImportReport.Status.ADDED,
                ImportReport.Status.INVALID, ImportReport.Status.INVALID, ImportReport.Status.REFUSED);
        assertThat(report.items().get(1).problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("/pattern");
            assertThat(p.message()).contains("offset");
        });
        assertThat(report.items().get(3).reason()).contains("at most red");
        assertThat(importAt(SharingLevel.GREEN, bundle(indicator(good, "[ipv4-addr:value = '198.51.100.7']")))
                .items()).extracting(ImportReport.Item::status).containsExactly(ImportReport.Status.ALREADY_PRESENT);
    }

    @Test
    void anExportHoldsWhatItsAudienceMayReadMarkedForTheWorldOutside() throws Exception {
        String green = "indicator--" + UUID.randomUUID();
        String red = "indicator--" + UUID.randomUUID();
        importAt(SharingLevel.GREEN, bundle(indicator(green, "[ipv4-addr:value = '203.0.113.9']")));
        importAt(SharingLevel.RED, bundle(indicator(red, "[ipv4-addr:value = '203.0.113.10']")));

        JsonNode forGreen = exportFor(SharingLevel.GREEN);
        assertThat(forGreen.path("type").asText()).isEqualTo("bundle");
        assertThat(forGreen.path("objects").findValuesAsText("id")).contains(green).doesNotContain(red)
                .contains(HubMarkings.markingId(SharingLevel.GREEN), HubMarkings.EXTENSION_DEFINITION_ID);
        JsonNode exported = forGreen.path("objects").get(0);
        assertThat(JSON.convertValue(exported.path("object_marking_refs"), String[].class)).containsExactly(
                HubMarkings.markingId(SharingLevel.GREEN), HubMarkings.tlpMarkingId(SharingLevel.GREEN));

        assertThat(exportFor(SharingLevel.WHITE).path("objects").findValuesAsText("id")).doesNotContain(green, red);
        assertThat(exportFor(SharingLevel.RED).path("objects").findValuesAsText("id")).contains(green, red);

        // What we export, we import again unchanged: the markings are the hub's own and TLP:GREEN.
        Community other = database.communities().create("鉄道 CEPTOAR", Community.Kind.CEPTOAR, OptionalLong.empty());
        ImportReport again = desk.importBundle(new ByteArrayInputStream(JSON.writeValueAsBytes(forGreen)), "export",
                other, SharingLevel.GREEN, provider, false, n -> { });
        assertThat(again.count(ImportReport.Status.INVALID)).as(again.toString()).isZero();
        assertThat(again.count(ImportReport.Status.REFUSED)).isZero();
    }

    @Test
    void aBrokenFileKeepsWhatWasReadBeforeAndSaysWhere() throws Exception {
        String first = "indicator--" + UUID.randomUUID();
        String text = bundle(indicator(first, "[ipv4-addr:value = '192.0.2.1']"), "{\"type\": ");
        assertThatThrownBy(() -> importAt(SharingLevel.AMBER, text))
                .isInstanceOfSatisfying(StixImport.Interrupted.class, e -> {
                    assertThat(e.getMessage()).startsWith("test.json:2:").contains("malformed JSON");
                    assertThat(e.partial().items()).extracting(ImportReport.Item::id).containsExactly(first);
                });
        assertThat(exportFor(SharingLevel.RED).path("objects").findValuesAsText("id")).contains(first);
        assertThatThrownBy(() -> importAt(SharingLevel.AMBER, "[1, 2]"))
                .isInstanceOf(StixImport.Interrupted.class).hasMessageContaining("expected a STIX bundle");
    }

    @Test
    void unknownCommunitiesAndOrganisationsAreNamed() {
        assertThatThrownBy(() -> desk.community("ガス CEPTOAR")).hasMessageContaining("no community 'ガス CEPTOAR'")
                .hasMessageContaining("電力 CEPTOAR");
        assertThatThrownBy(() -> desk.organisation("nobody")).hasMessageContaining("no organisation 'nobody'");
        assertThat(desk.community(ceptoar.collectionId())).isEqualTo(ceptoar);
    }
}
