package org.kizashi.server.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.server.config.ConfigurationException;

/** The schedule file is read strictly, and every error names the file and the JSON Pointer of the field. */
class PullScheduleTest {
    private static final String URL =
            "https://hub.example/taxii2/api1/collections/0b4a5c5e-1d8e-4a7a-9d3e-2c1f0e9b8a7d/";

    @TempDir
    Path directory;

    private Path file;

    @BeforeEach
    void passwordFile() throws IOException {
        Files.writeString(directory.resolve("us.pw"), "s3cret\n");
        file = directory.resolve("pulls.json");
    }

    /** One entry with the given fields after the required ones (a JSON fragment, may be empty). */
    private static String entry(String name, String more) {
        return "{\"name\":\"" + name + "\",\"url\":\"" + URL + "\",\"community\":\"CEPTOAR\",\"level\":\"amber\","
                + "\"provider\":\"Partner CERT\"" + (more.isEmpty() ? "" : "," + more) + "}";
    }

    private PullSchedule read(String json) throws IOException {
        Files.writeString(file, json);
        return PullSchedule.read(file);
    }

    private String error(String json) throws IOException {
        Files.writeString(file, json);
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> PullSchedule.read(file));
        assertThat(e).as("an error for " + json).isNotNull();
        assertThat(e.getMessage()).contains(file.toString());
        return e.getMessage();
    }

    @Test
    void aFullEntryIsReadWithItsSecretFileBesideTheSchedule() throws IOException {
        PullSchedule schedule = read("{\"pulls\": [" + entry("us-partner", "\"every\":\"PT30M\",\"user\":\"kizashi\","
                + "\"passwordFile\":\"us.pw\",\"tokenFile\":null,\"trustStore\":null,\"trustStorePassword\":\"\","
                + "\"limit\":1000") + "," + entry("eu", "\"every\":\"15m\"") + "]}");

        assertThat(schedule.file()).isEqualTo(file);
        assertThat(schedule.pulls()).hasSize(2);
        PullSchedule.Subscription us = schedule.pulls().get(0);
        assertThat(us.pointer()).isEqualTo("/pulls/0");
        assertThat(us.name()).isEqualTo("us-partner");
        assertThat(us.collection()).isEqualTo(URI.create(URL));
        assertThat(us.community()).isEqualTo("CEPTOAR");
        assertThat(us.level()).isEqualTo(SharingLevel.AMBER);
        assertThat(us.provider()).isEqualTo("Partner CERT");
        assertThat(us.every()).isEqualTo(Duration.ofMinutes(30));
        assertThat(us.user()).contains("kizashi");
        assertThat(us.passwordFile()).contains(directory.toAbsolutePath().resolve("us.pw"));
        assertThat(us.tokenFile()).isEmpty();
        assertThat(us.limit()).isEqualTo(OptionalInt.of(1000));
        assertThat(schedule.pulls().get(1).every()).isEqualTo(Duration.ofMinutes(15));
        assertThat(schedule.pulls().get(1).user()).isEqualTo(Optional.empty());
    }

    @Test
    void everyIsAnHourUnlessGiven() throws IOException {
        assertThat(read("{\"pulls\": [" + entry("a", "") + "]}").pulls().get(0).every())
                .isEqualTo(Duration.ofHours(1));
        assertThat(read("{\"pulls\": []}").pulls()).isEmpty();
    }

    @Test
    void intervalsInEitherForm() {
        assertThat(PullSchedule.parseInterval("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(PullSchedule.parseInterval("P1D")).isEqualTo(Duration.ofDays(1));
        assertThat(PullSchedule.parseInterval("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(PullSchedule.parseInterval("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(PullSchedule.parseInterval("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(PullSchedule.parseInterval("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> PullSchedule.parseInterval("hourly")).hasMessageContaining("'hourly'");
        assertThat(PullSchedule.describe(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(PullSchedule.describe(Duration.ofDays(2))).isEqualTo("2d");
    }

    @Test
    void anUnknownLevelIsNamedByItsPointer() throws IOException {
        String message = error("{\"pulls\": [" + entry("a", "") + ","
                + entry("b", "").replace("\"amber\"", "\"ambr\"") + "]}");
        assertThat(message).contains("/pulls/1/level: unknown sharing level 'ambr'");
    }

    @Test
    void aMissingUrlIsNamedByItsPointer() throws IOException {
        String message = error("{\"pulls\": [" + entry("a", "").replace("\"url\":\"" + URL + "\",", "") + "]}");
        assertThat(message).contains("/pulls/0/url: missing");
    }

    @Test
    void aUrlThatIsNoCollectionIsRefused() throws IOException {
        String message = error("{\"pulls\": [" + entry("a", "").replace(URL, "https://hub.example/taxii2/") + "]}");
        assertThat(message).contains("/pulls/0/url: ").contains("not a TAXII collection URL");
    }

    @Test
    void anInlinePasswordIsAnUnknownFieldThatPointsToTheFile() throws IOException {
        String message = error("{\"pulls\": [" + entry("a", "\"user\":\"kizashi\",\"password\":\"s3cret\"") + "]}");
        assertThat(message).contains("/pulls/0/password: unknown field 'password'").contains("passwordFile")
                .doesNotContain("s3cret");
    }

    @Test
    void anIntervalUnderAMinuteIsRefused() throws IOException {
        String message = error("{\"pulls\": [" + entry("a", "\"every\":\"30s\"") + "]}");
        assertThat(message).contains("/pulls/0/every: '30s' is shorter than the minimum of 1m");
        assertThat(error("{\"pulls\": [" + entry("a", "\"every\":\"PT-1H\"") + "]}"))
                .contains("/pulls/0/every: 'PT-1H' is shorter");
        assertThat(error("{\"pulls\": [" + entry("a", "\"every\":\"soon\"") + "]}"))
                .contains("/pulls/0/every: 'soon' is not an interval");
    }

    @Test
    void unknownFieldsAreErrorsAtEveryLevel() throws IOException {
        assertThat(error("{\"pulls\": [" + entry("a", "\"colour\":\"red\"") + "]}"))
                .contains("/pulls/0/colour: unknown field 'colour'").contains("known: ").contains("tokenFile");
        assertThat(error("{\"pulls\": [], \"pull\": []}")).contains(": /pull: unknown field 'pull'");
    }

    @Test
    void wrongTypesAreNamedByTheirPointer() throws IOException {
        assertThat(error("{\"pulls\": [" + entry("a", "\"limit\":\"1000\"") + "]}"))
                .contains("/pulls/0/limit: expected a whole number");
        assertThat(error("{\"pulls\": [" + entry("a", "\"limit\":0") + "]}"))
                .contains("/pulls/0/limit: the page size must be positive");
        assertThat(error("{\"pulls\": [" + entry("a", "\"every\":60") + "]}"))
                .contains("/pulls/0/every: expected a string");
        assertThat(error("{\"pulls\": {}}")).contains("/pulls: expected a list");
        assertThat(error("{\"pulls\": [null]}")).contains("/pulls/0: expected an object");
        assertThat(error("{}")).contains("/pulls: missing");
    }

    @Test
    void malformedJsonNamesTheLine() throws IOException {
        assertThat(error("{\"pulls\": [\n" + entry("a", "") + ",\n]}")).contains("line 3").contains("not JSON");
        assertThat(error("{\"pulls\": [], \"pulls\": []}")).contains("Duplicate field 'pulls'");
        assertThat(error("  \n")).contains("the file is empty");
    }

    @Test
    void credentialsGoTogetherAndTheirFilesMustExist() throws IOException {
        assertThat(error("{\"pulls\": [" + entry("a", "\"user\":\"kizashi\"") + "]}"))
                .contains("/pulls/0/passwordFile: user 'kizashi' needs a passwordFile");
        assertThat(error("{\"pulls\": [" + entry("a", "\"passwordFile\":\"us.pw\"") + "]}"))
                .contains("/pulls/0/user: passwordFile needs a user");
        assertThat(error("{\"pulls\": [" + entry("a", "\"user\":\"k\",\"passwordFile\":\"us.pw\","
                + "\"tokenFile\":\"us.pw\"") + "]}")).contains("/pulls/0/tokenFile: give either user");
        assertThat(error("{\"pulls\": [" + entry("a", "\"tokenFile\":\"missing.token\"") + "]}"))
                .contains("/pulls/0/tokenFile: no such file");
    }

    @Test
    void everyProblemIsReportedAtOnceAndNamesMustBeUnique() throws IOException {
        String message = error("{\"pulls\": [" + entry("a", "") + "," + entry("a", "") + ","
                + entry("c", "\"limit\":-1").replace("\"amber\"", "\"purple\"") + "]}");
        assertThat(message).contains("/pulls/1/name: 'a' is already the name of /pulls/0")
                .contains("/pulls/2/level: unknown sharing level 'purple'")
                .contains("/pulls/2/limit: the page size must be positive");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> PullSchedule.read(directory.resolve("nope.json")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nope.json")
                .hasMessageContaining("no such file");
    }
}
