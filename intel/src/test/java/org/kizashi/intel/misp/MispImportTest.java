package org.kizashi.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kizashi.intel.misp.MispFixtures.GALAXIES;
import static org.kizashi.intel.misp.MispFixtures.OBJECTS;
import static org.kizashi.intel.misp.MispFixtures.PENSION;
import static org.kizashi.intel.misp.MispFixtures.UNMAPPED;
import static org.kizashi.intel.misp.MispFixtures.convert;
import static org.kizashi.intel.misp.MispFixtures.convertOne;
import static org.kizashi.intel.misp.MispFixtures.object;
import static org.kizashi.intel.misp.MispFixtures.ofType;
import static org.kizashi.intel.misp.MispFixtures.pattern;
import static org.kizashi.intel.misp.MispFixtures.texts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.intel.exchange.StixValidators;
import org.kizashi.intel.stix.StixProblem;
import org.kizashi.intel.stix.StixValidator;
import org.kizashi.intel.stix.pattern.StixPattern;
import org.kizashi.intel.stix.pattern.StixPatternException;

class MispImportTest {
    private static final StixValidator VALIDATOR = StixValidators.withPatterns();
    private static final String STIX_TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @ParameterizedTest
    @ValueSource(strings = {PENSION, OBJECTS, GALAXIES, UNMAPPED})
    void everyObjectIsValidStixWithParsablePatternsAndResolvableReferences(String fixture)
            throws StixPatternException {
        for (MispConversion conversion : convert(fixture)) {
            Set<String> ids = new HashSet<>();
            for (ObjectNode object : conversion.objects()) {
                List<StixProblem> errors = VALIDATOR.validate(object).stream()
                        .filter(p -> p.severity() == StixProblem.Severity.ERROR).toList();
                assertThat(errors).as("errors in %s", object).isEmpty();
                assertThat(ids.add(object.get("id").asText())).as("unique id %s", object.get("id")).isTrue();
                if (object.path("pattern_type").asText().equals("stix")) {
                    StixPattern.parse(object.get("pattern").asText());
                }
                for (String property : List.of("created", "modified")) {
                    if (object.has(property)) {
                        assertThat(object.get(property).asText()).matches(STIX_TIMESTAMP);
                    }
                }
            }
            // Every reference points inside the conversion, and the report lists every other object.
            for (ObjectNode object : conversion.objects()) {
                for (String ref : references(object)) {
                    assertThat(ids).as("reference %s of %s", ref, object.get("id")).contains(ref);
                }
            }
            ObjectNode report = ofType(conversion, "report").getFirst();
            Set<String> others = new HashSet<>(ids);
            others.remove(report.get("id").asText());
            assertThat(texts(report.get("object_refs"))).containsExactlyInAnyOrderElementsOf(others);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {PENSION, OBJECTS, GALAXIES, UNMAPPED})
    void convertingTwiceGivesTheSameObjectsLevelsAndWarnings(String fixture) {
        assertThat(convert(fixture)).isEqualTo(convert(fixture));
    }

    @Nested
    class TargetedEmailToTheJapanPensionService {
        private final MispConversion pension = convertOne(PENSION);
        private static final String EVENT = "555c2b1a-8f0c-4d2e-9b7e-0a7e0c0f2015";

        private static String attribute(int n) {
            return String.format("555c2b1a-a%03d-4c4e-9a3c-0a1f5e0e%04d", n, n);
        }

        @Test
        void theEventIsAReportCreatedByItsCreatorOrganisation() {
            assertThat(pension.eventUuid()).isEqualTo(EVENT);
            assertThat(pension.eventInfo()).isEqualTo("標的型メール攻撃: 日本年金機構 情報流出 (Emdivi) — 2015年5月");
            ObjectNode identity = pension.objects().get(0);
            ObjectNode report = pension.objects().get(1);
            assertThat(identity.get("id").asText()).isEqualTo("identity--5b1c2d3e-4f50-4c6d-9e7f-8091a2b3c4d5");
            assertThat(identity.get("name").asText()).isEqualTo("Kizashi Test ISAC");
            assertThat(report.get("id").asText()).isEqualTo("report--" + EVENT);
            assertThat(report.get("name").asText()).isEqualTo(pension.eventInfo());
            assertThat(report.get("created").asText()).isEqualTo("2015-05-08T00:00:00.000Z");
            assertThat(report.get("modified").asText()).isEqualTo("2015-06-05T00:00:00.000Z");
            assertThat(report.get("published").asText()).isEqualTo("2015-06-06T00:00:00.000Z");
            assertThat(report.get("created_by_ref").asText()).isEqualTo(identity.get("id").asText());
            assertThat(texts(report.get("labels"))).contains("tlp:amber", "targeted-attack",
                    "circl:incident-classification=\"information-leak\"", "misp:threat-level=\"high\"",
                    "misp:analysis=\"completed\"");
        }

        @Test
        void tlpAmberMakesTheWholeEventRedWhateverTheDistributionSays() {
            assertThat(pension.widestLevel()).isEqualTo(SharingLevel.RED);
            assertThat(pension.levelByObjectId()).isEmpty(); // nothing is narrower than Red
        }

        @Test
        void indicatorsCarryTheExactPatternsOfTheMailTheAttachmentAndTheCommandAndControl() {
            String exe = "厚生年金基金制度の見直しについて（試案）に関する意見.exe";
            assertThat(pattern(pension, attribute(1)))
                    .isEqualTo("[email-message:subject = '『厚生年金基金制度の見直しについて（試案）』に関する意見']");
            assertThat(pattern(pension, attribute(2)))
                    .isEqualTo("[email-message:from_ref.value = 'kikin-iken@mail.example.com']");
            assertThat(pattern(pension, attribute(5)))
                    .isEqualTo("[file:name = '" + exe + "' AND file:hashes.MD5 = '3d9b1c4f6a7e8d20b5c4a1f0e9d8c7b6']");
            assertThat(pattern(pension, attribute(6)))
                    .isEqualTo("[file:hashes.'SHA-1' = '5c1a9b7e3d2f4a6b8c0d1e2f3a4b5c6d7e8f9a0b']");
            assertThat(pattern(pension, attribute(7))).isEqualTo("[file:hashes.'SHA-256' = "
                    + "'9e2a6b4c8d0f1e3a5b7c9d1e2f4a6b8c0d2e4f6a8b0c1d3e5f7a9b1c3d5e7f90']");
            assertThat(pattern(pension, attribute(8))).isEqualTo("[domain-name:value = 'cc1.example.net']");
            assertThat(pattern(pension, attribute(9))).isEqualTo("[domain-name:value = 'www.cc2.example.org']");
            assertThat(pattern(pension, attribute(10)))
                    .isEqualTo("[url:value = 'http://cc1.example.net/wp-content/plugins/it\\'s/index.php?id=1']");
            assertThat(pattern(pension, attribute(11))).isEqualTo("[network-traffic:dst_ref.type = 'ipv4-addr'"
                    + " AND network-traffic:dst_ref.value = '203.0.113.45']");
            assertThat(pattern(pension, attribute(12))).isEqualTo("[network-traffic:dst_ref.type = 'ipv4-addr'"
                    + " AND network-traffic:dst_ref.value = '198.51.100.23' AND network-traffic:dst_port = 443]");
            assertThat(pattern(pension, attribute(14))).isEqualTo("[network-traffic:extensions.'http-request-ext'"
                    + ".request_header.'User-Agent' = 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1;"
                    + " Trident/4.0)']");
            assertThat(pattern(pension, attribute(15))).isEqualTo("[mutex:name = 'Global\\\\{5E1A9B7E-3D2F-4A6B}']");
            assertThat(pattern(pension, attribute(16))).isEqualTo("[windows-registry-key:key = "
                    + "'HKCU\\\\Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\Update' AND "
                    + "windows-registry-key:values[*].data = 'C:\\\\Users\\\\Public\\\\svchost.exe']");
            assertThat(pattern(pension, attribute(17))).isEqualTo("[autonomous-system:number = 2914]");
        }

        @Test
        void anIndicatorKeepsTheAttributesMispContext() {
            ObjectNode domain = object(pension, "indicator--" + attribute(8));
            assertThat(domain.get("created").asText()).isEqualTo("2015-05-11T00:00:00.000Z");
            assertThat(domain.get("valid_from").asText()).isEqualTo("2015-05-11T00:00:00.000Z");
            assertThat(domain.get("description").asText()).isEqualTo("Emdivi C&C on a compromised web server");
            assertThat(domain.get("created_by_ref").asText())
                    .isEqualTo("identity--5b1c2d3e-4f50-4c6d-9e7f-8091a2b3c4d5");
            assertThat(domain.at("/kill_chain_phases/0/kill_chain_name").asText()).isEqualTo("misp-category");
            assertThat(domain.at("/kill_chain_phases/0/phase_name").asText()).isEqualTo("network-activity");
            assertThat(texts(domain.get("labels"))).containsExactly("misp:type=\"domain\"",
                    "misp:category=\"Network activity\"", "misp:to_ids=\"True\"",
                    "misp-galaxy:malpedia=\"Emdivi\"");
        }

        @Test
        void attributesNotForDetectionBecomeObservedDataWithTheirObservables() {
            ObjectNode resolution = object(pension, "observed-data--" + attribute(13));
            assertThat(texts(resolution.get("object_refs")))
                    .containsExactly("domain-name--" + attribute(13), "ipv4-addr--" + attribute(13));
            assertThat(resolution.get("number_observed").asInt()).isEqualTo(1);
            assertThat(resolution.get("first_observed").asText()).isEqualTo("2015-05-11T00:00:00.000Z");
            ObjectNode domain = object(pension, "domain-name--" + attribute(13));
            assertThat(domain.get("value").asText()).isEqualTo("cc1.example.net");
            assertThat(texts(domain.get("resolves_to_refs"))).containsExactly("ipv4-addr--" + attribute(13));
            assertThat(object(pension, "ipv4-addr--" + attribute(13)).get("value").asText())
                    .isEqualTo("203.0.113.45");

            ObjectNode attachment = object(pension, "email-message--" + attribute(4));
            assertThat(attachment.get("is_multipart").asBoolean()).isTrue();
            assertThat(attachment.at("/body_multipart/0/body_raw_ref").asText()).isEqualTo("file--" + attribute(4));
            assertThat(object(pension, "file--" + attribute(4)).get("name").asText())
                    .isEqualTo("厚生年金基金制度の見直しについて（試案）に関する意見.exe");

            ObjectNode relay = object(pension, "network-traffic--" + attribute(18));
            assertThat(relay.get("src_ref").asText()).isEqualTo("ipv4-addr--" + attribute(18));
            assertThat(object(pension, "email-addr--" + attribute(3)).get("value").asText())
                    .isEqualTo("info-desk@nenkin.example.jp");
            assertThat(object(pension, "url--" + attribute(20)).get("value").asText())
                    .isEqualTo("https://news.example.com/2015/06/01/nenkin-information-leak");
        }

        @Test
        void aCommentIsANoteAboutTheReport() {
            ObjectNode note = object(pension, "note--" + attribute(19));
            assertThat(note.get("content").asText()).isEqualTo("職員が添付ファイルを開封し、約125万件の個人情報が流出した。");
            assertThat(texts(note.get("object_refs"))).containsExactly("report--" + EVENT);
            assertThat(texts(note.get("labels"))).contains("misp:type=\"comment\"");
        }

        @Test
        void emdiviIsAMalwareFamilyIndicatedByItsCommandAndControlDomainAndUsedByBlueTermite() {
            ObjectNode emdivi = object(pension, "malware--a8a8e6f2-9c2b-4b5e-8d1f-0f6e3c2b1e99");
            assertThat(emdivi.get("name").asText()).isEqualTo("Emdivi");
            assertThat(emdivi.get("is_family").asBoolean()).isTrue();
            assertThat(texts(emdivi.get("aliases"))).containsExactly("Backdoor.Emdivi");
            ObjectNode actor = object(pension, "threat-actor--0b3b8c4a-4c5e-4f16-9a0e-3c2f6f1b2d41");
            assertThat(actor.get("name").asText()).isEqualTo("Blue Termite");
            assertThat(texts(actor.get("aliases"))).containsExactly("Cloudy Omega", "CloudyOmega");

            assertThat(relationships(pension)).containsExactlyInAnyOrder(
                    "indicator--" + attribute(8) + " indicates " + emdivi.get("id").asText(),
                    actor.get("id").asText() + " uses " + emdivi.get("id").asText());
        }

        @Test
        void aDeletedAttributeIsSkippedWithAWarningAndNothingElseWarns() {
            assertThat(pension.objects()).noneMatch(o -> o.get("id").asText().endsWith(attribute(21)));
            assertThat(pension.warnings()).singleElement().asString()
                    .contains(attribute(21), "'filename'", "deleted");
        }
    }

    @Nested
    class MispObjects {
        private final MispConversion objects = convertOne(OBJECTS);

        private static String object(int n) {
            return String.format("6a7b8c9d-b%03d-4d5e-8f60-71829304a5b6", n);
        }

        private static String attribute(int n) {
            return String.format("6a7b8c9d-a%03d-4c4e-9a3c-0a1f5e0e%04d", n, n);
        }

        @Test
        void aFileObjectIsOneIndicatorWhosePatternJoinsItsAttributesWithAnd() {
            ObjectNode file = MispFixtures.object(objects, "indicator--" + object(1));
            assertThat(file.get("pattern").asText()).isEqualTo("[file:name = 'invoice_2020-10.pdf.exe'"
                    + " AND file:hashes.MD5 = 'b2a5abfeef9e36964281a31e17b57c97'"
                    + " AND file:hashes.'SHA-1' = '2920d5e6c579fce772e5506caf03af65579088bd'"
                    + " AND file:hashes.'SHA-256' = '7fa4482bfbca550ce296d8e791b1091d60b15e1e94a6b5e5e15b3c8e8f7a9c01'"
                    + " AND file:size = 35]");
            assertThat(file.get("description").asText()).isEqualTo("Dropper attached to the invoice e-mails");
            assertThat(texts(file.get("labels"))).containsExactly("misp:name=\"file\"",
                    "misp:meta-category=\"file\"", "misp:to_ids=\"True\"");
            assertThat(ofType(objects, "indicator").stream().map(o -> o.get("id").asText()))
                    .doesNotContain("indicator--" + attribute(1), "indicator--" + attribute(2));
        }

        @Test
        void anAttributeTheTemplateHasNoPropertyForIsKeptInANoteWithAWarning() {
            ObjectNode note = ofType(objects, "note").stream()
                    .filter(n -> texts(n.get("object_refs")).contains("indicator--" + object(1)))
                    .findFirst().orElseThrow();
            assertThat(note.get("content").asText()).contains("entropy (float): 7.91");
            assertThat(objects.warnings()).anySatisfy(w -> assertThat(w).contains(attribute(6), "'float'",
                    "'entropy'", note.get("id").asText()));
        }

        @Test
        void domainIpAndUrlAndEmailObjectsAreIndicatorsAsMispsConverterMakesThem() {
            assertThat(pattern(objects, object(2))).isEqualTo("[domain-name:value = 'update.example.org'"
                    + " AND domain-name:resolves_to_refs[*].value = '192.0.2.10'"
                    + " AND domain-name:resolves_to_refs[*].value = '2001:db8::10']");
            assertThat(texts(MispFixtures.object(objects, "indicator--" + object(2)).get("labels")))
                    .containsExactly("misp:name=\"domain-ip\"", "misp:meta-category=\"network\"",
                            "misp:to_ids=\"True\"", "kill-chain:Command and Control");
            assertThat(pattern(objects, object(4))).isEqualTo("[url:value = 'https://update.example.org/gate.php']");
            assertThat(pattern(objects, object(5))).isEqualTo("[email-message:from_ref.value ="
                    + " 'billing@mail.example.com' AND email-message:to_refs[*].value = 'accounting@victim.example.net'"
                    + " AND email-message:subject = 'Invoice October 2020'"
                    + " AND email-message:body_multipart[*].body_raw_ref.name = 'invoice_2020-10.pdf.exe'"
                    + " AND email-message:additional_header_fields.'X-Mailer' = 'Microsoft Outlook 16.0']");
            // The url object's domain and path are parts of its URL: no note, no warning.
            assertThat(objects.warnings()).noneMatch(w -> w.contains(attribute(15)) || w.contains(attribute(16)));
        }

        @Test
        void anIpPortObjectNotForDetectionIsObservedTrafficAtItsOwnNarrowerLevel() {
            ObjectNode data = MispFixtures.object(objects, "observed-data--" + object(3));
            assertThat(texts(data.get("object_refs")))
                    .containsExactly("network-traffic--" + object(3), "ipv4-addr--" + attribute(10));
            ObjectNode traffic = MispFixtures.object(objects, "network-traffic--" + object(3));
            assertThat(traffic.get("dst_ref").asText()).isEqualTo("ipv4-addr--" + attribute(10));
            assertThat(traffic.get("dst_port").asInt()).isEqualTo(8443);
            assertThat(texts(traffic.get("protocols"))).containsExactly("tcp");

            assertThat(objects.widestLevel()).isEqualTo(SharingLevel.GREEN); // distribution 3, no TLP tag
            assertThat(objects.levelByObjectId()).containsEntry("observed-data--" + object(3), SharingLevel.RED)
                    .containsEntry("network-traffic--" + object(3), SharingLevel.RED)
                    .containsEntry("ipv4-addr--" + attribute(10), SharingLevel.RED)
                    .doesNotContainKey("indicator--" + object(1));
            // The left-over "text" attribute of that object is as narrow as the object.
            assertThat(objects.levelByObjectId()).containsValue(SharingLevel.RED).hasSize(4);
        }

        @Test
        void anObjectTemplateWithoutMappingIsANoteListingEveryAttributeWithAWarning() {
            ObjectNode note = MispFixtures.object(objects, "note--" + object(6));
            assertThat(note.get("content").asText()).contains("imphash (imphash): f34d5f2d4577ed6d9ceec516c1f5a744",
                    "compilation-timestamp (datetime): 2020-10-20T08:15:00");
            assertThat(objects.warnings()).anySatisfy(w -> assertThat(w)
                    .contains(object(6), "(pe)", attribute(22), "'imphash'", attribute(23), "'datetime'"));
        }

        @Test
        void anUnpublishedEventIsPublishedAtItsDate() {
            assertThat(ofType(objects, "report").getFirst().get("published").asText())
                    .isEqualTo("2020-10-25T00:00:00.000Z");
        }
    }

    @Nested
    class Galaxies {
        private final MispConversion chessMaster = convertOne(GALAXIES);
        private static final String APT10 = "threat-actor--2e2b8c4a-5d1e-4c39-9a57-6f2d3b7c8e10";
        private static final String PLUGX = "malware--4c1f3e2d-8b7a-4d6c-9e5f-1a2b3c4d5e6f";
        private static final String REDLEAVES = "malware--5d2a4f3e-9c8b-4e7d-8f60-2b3c4d5e6f70";

        private static String attribute(int n) {
            return String.format("7b8c9d0e-a%03d-4c4e-9a3c-0a1f5e0e%04d", n, n);
        }

        @Test
        void threatActorAndMalwareClustersBecomeSdosAndOtherClustersLabels() {
            ObjectNode apt10 = object(chessMaster, APT10);
            assertThat(apt10.get("name").asText()).isEqualTo("APT10");
            assertThat(texts(apt10.get("aliases"))).contains("MenuPass", "Stone Panda");
            assertThat(object(chessMaster, PLUGX).get("is_family").asBoolean()).isTrue();
            assertThat(object(chessMaster, REDLEAVES).get("name").asText()).isEqualTo("RedLeaves");
            assertThat(texts(ofType(chessMaster, "report").getFirst().get("labels")))
                    .contains("misp-galaxy:sector=\"Government, Administration\"");
            assertThat(chessMaster.objects()).noneMatch(o -> o.path("name").asText().startsWith("Government"));
        }

        @Test
        void attributeClustersAreIndicatedAndTheEventsActorUsesTheEventsMalware() {
            assertThat(relationships(chessMaster)).containsExactlyInAnyOrder(
                    "indicator--" + attribute(1) + " indicates " + PLUGX,
                    "indicator--" + attribute(2) + " indicates " + REDLEAVES,
                    APT10 + " uses " + PLUGX);
        }

        @Test
        void eachObjectHasTheNarrowestLevelOfItsAttributeAndTheEvent() {
            assertThat(chessMaster.widestLevel()).isEqualTo(SharingLevel.YELLOW); // distribution 2
            Map<String, SharingLevel> levels = chessMaster.levelByObjectId();
            // tlp:green and distribution 3 cannot widen a Yellow event.
            assertThat(levels).doesNotContainKeys("indicator--" + attribute(1), "indicator--" + attribute(5));
            assertThat(levels).containsEntry("observed-data--" + attribute(3), SharingLevel.RED) // distribution 0
                    .containsEntry("ipv4-addr--" + attribute(3), SharingLevel.RED)
                    .containsEntry("network-traffic--" + attribute(3), SharingLevel.RED)
                    .containsEntry("indicator--" + attribute(4), SharingLevel.RED) // tlp:red
                    .hasSize(4);
        }

        @Test
        void firstAndLastSeenBoundTheIndicatorsValidity() {
            ObjectNode hostname = object(chessMaster, "indicator--" + attribute(5));
            assertThat(hostname.get("valid_from").asText()).isEqualTo("2017-03-01T00:00:00.000Z");
            assertThat(hostname.get("valid_until").asText()).isEqualTo("2017-04-01T09:30:00.123Z");
        }
    }

    @Nested
    class UnmappableTypes {
        private final List<MispConversion> response = convert(UNMAPPED);
        private static final String PREFIX = "8c9d0e1f";

        private static String attribute(int n) {
            return String.format("%s-a%03d-4c4e-9a3c-0a1f5e0e%04d", PREFIX, n, n);
        }

        @Test
        void aResponseListGivesOneConversionPerEvent() {
            assertThat(response).extracting(MispConversion::eventUuid).containsExactly(
                    "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f", "9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a");
        }

        @Test
        void anUnmappedTypeIsANoteKeepingTypeAndValueAndAWarningNamingTheAttribute() {
            MispConversion ransom = response.getFirst();
            ObjectNode btc = object(ransom, "note--" + attribute(1));
            assertThat(btc.get("content").asText()).isEqualTo("1BoatSLRHtKNngkdXEeobR76b53LETtpyT");
            assertThat(texts(btc.get("labels"))).contains("misp:type=\"btc\"");
            assertThat(ransom.warnings()).anySatisfy(w -> assertThat(w).contains(attribute(1), "'btc'"))
                    .anySatisfy(w -> assertThat(w).contains(attribute(2), "'phone-number'"))
                    .anySatisfy(w -> assertThat(w).contains(attribute(3), "'github-username'"));
        }

        @Test
        void valuesThatCannotMakeValidStixAreKeptAsNotesWithAWarningSayingWhy() {
            MispConversion ransom = response.getFirst();
            assertThat(ransom.warnings())
                    .anySatisfy(w -> assertThat(w).contains(attribute(5), "'ip-dst|port'", "'99999' is not a port"))
                    .anySatisfy(w -> assertThat(w).contains(attribute(6), "'md5'", "pattern"))
                    .anySatisfy(w -> assertThat(w).contains(attribute(7), "'domain'", "domain name"))
                    .anySatisfy(w -> assertThat(w).contains(attribute(8), "'domain|ip'", "'|'"))
                    .hasSize(7); // the text attribute (4) is a note by design, without a warning
            for (int n = 5; n <= 8; n++) {
                assertThat(object(ransom, "note--" + attribute(n)).get("content").asText()).isNotBlank();
            }
            assertThat(ofType(ransom, "indicator")).isEmpty();
            assertThat(ofType(ransom, "observed-data")).isEmpty();
        }

        @Test
        void noAttributeIsDroppedSilently() {
            MispConversion ransom = response.getFirst();
            for (int n = 1; n <= 8; n++) {
                String uuid = attribute(n);
                assertThat(ransom.objects()).as("an object from attribute %s", uuid)
                        .anyMatch(o -> o.get("id").asText().endsWith(uuid));
            }
        }

        @Test
        void tlpWhiteIsWhiteAndASharingGroupWithoutTlpIsRed() {
            assertThat(response.get(0).widestLevel()).isEqualTo(SharingLevel.WHITE);
            MispConversion sharingGroup = response.get(1);
            assertThat(sharingGroup.widestLevel()).isEqualTo(SharingLevel.RED);
            assertThat(pattern(sharingGroup, "9d0e1f2a-a001-4c4e-9a3c-0a1f5e0e0001"))
                    .isEqualTo("[network-traffic:src_ref.type = 'ipv6-addr'"
                            + " AND network-traffic:src_ref.value = '2001:db8:85a3::8a2e:370:7334']");
        }
    }

    /** "source relationship_type target" of every relationship. */
    private static List<String> relationships(MispConversion conversion) {
        return ofType(conversion, "relationship").stream()
                .map(r -> r.get("source_ref").asText() + " " + r.get("relationship_type").asText() + " "
                        + r.get("target_ref").asText())
                .toList();
    }

    /** Every identifier an object refers to (properties ending in _ref or _refs, at any depth). */
    private static List<String> references(JsonNode node) {
        List<String> refs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().endsWith("_ref") && field.getValue().isTextual()) {
                refs.add(field.getValue().asText());
            } else if (field.getKey().endsWith("_refs")) {
                field.getValue().forEach(ref -> refs.add(ref.asText()));
            } else if (field.getValue().isObject()) {
                refs.addAll(references(field.getValue()));
            } else if (field.getValue().isArray()) {
                field.getValue().forEach(item -> refs.addAll(references(item)));
            }
        }
        return refs;
    }
}
