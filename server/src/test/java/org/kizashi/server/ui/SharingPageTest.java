package org.kizashi.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.Role;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.intel.exchange.StixObjects;
import org.kizashi.intel.marking.HubMarkings;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.http.HttpClientSession;

/**
 * The sharing pages as their users meet them, in Japanese and English: a provider's Red item, the secretariat asking
 * to publish it anonymised at Amber, the provider approving in its queue, and a participant then reading it without
 * learning who provided it (on the page and over TAXII).
 */
class SharingPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "sharing-page-password-1";

    private Platform platform;
    private Community ceptoar;
    private String reportId;
    private long providerOrg;

    @BeforeEach
    void start() throws IOException {
        platform = TestPlatforms.h2(Map.of());
        ceptoar = platform.database().communities().create("電力 CEPTOAR", Community.Kind.CEPTOAR,
                OptionalLong.empty());
        providerOrg = user("provider", "電力会社A", CommunityRole.PROVIDER, Role.ANALYST);
        user("secretariat", "電力 ISAC 事務局", CommunityRole.SECRETARIAT, Role.ANALYST);
        user("participant", "電力会社B", CommunityRole.PARTICIPANT, Role.ANALYST);
        user("provider-viewer", "電力会社A", null, Role.VIEWER);
        reportId = "indicator--" + UUID.randomUUID();
        String json = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + reportId + "\","
                + "\"created_by_ref\":\"identity--" + UUID.randomUUID() + "\","
                + "\"created\":\"2026-11-20T01:02:03.000Z\",\"modified\":\"2026-11-20T01:02:03.000Z\","
                + "\"name\":\"標的型メールの C&C サーバー\",\"pattern\":\"[ipv4-addr:value = '198.51.100.7']\","
                + "\"pattern_type\":\"stix\",\"valid_from\":\"2026-11-20T00:00:00Z\"}";
        platform.database().stixObjects().add(new SharingScope(ceptoar.id(), SharingLevel.RED, providerOrg), false,
                List.of(StixObjects.version(JSON.readTree(json))));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private long user(String name, String organisation, CommunityRole role, Role platformRole) {
        Organisation org = platform.database().organisations().findByName(organisation)
                .orElseGet(() -> platform.database().organisations().create(organisation));
        HttpClientSession admin = new HttpClientSession(platform.port());
        admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/users", "{\"username\":\"" + name + "\",\"displayName\":\"" + name
                + "\",\"organisationId\":" + org.id() + ",\"role\":\"" + platformRole.id() + "\",\"password\":\""
                + PASSWORD + "\"}").status()).isBetween(200, 201);
        if (role != null) {
            platform.database().communities().addMember(new Membership(ceptoar.id(), org.id(), role,
                    Optional.empty()));
        }
        return org.id();
    }

    private HttpClientSession as(String name) {
        HttpClientSession web = new HttpClientSession(platform.port());
        assertThat(web.login(name, PASSWORD).status()).isEqualTo(200);
        return web;
    }

    /** The session after choosing a language with the page's switcher. */
    private static HttpClientSession speaking(HttpClientSession web, String language) {
        assertThat(web.form("/lang", "lang=" + language + "&back=/sharing").status()).isEqualTo(302);
        return web;
    }

    private String objectPath() {
        return "/sharing/objects/" + ceptoar.id() + "/" + reportId;
    }

    @Test
    void theSecretariatAsksTheProviderApprovesAndParticipantsReadItAnonymised() {
        HttpClientSession secretariat = as("secretariat");
        HttpClientSession provider = as("provider");
        HttpClientSession participant = as("participant");
        assertThat(participant.get(objectPath()).status()).isEqualTo(404);

        String page = speaking(secretariat, "ja").get(objectPath()).body();
        assertThat(page).contains("レッド", "電力会社A", "共有範囲の拡大を提供元に依頼する");
        HttpClientSession.Answer asked = secretariat.form(objectPath() + "/widen",
                "level=amber&anonymise=on&reason=" + URLEncoder.encode("他社にも同じメールが届いています",
                        StandardCharsets.UTF_8));
        assertThat(asked.status()).isEqualTo(302);
        assertThat(secretariat.form(objectPath() + "/widen", "level=green&reason=again").status()).isEqualTo(409);
        assertThat(participant.get(objectPath()).status()).as("nothing changes before the approval").isEqualTo(404);

        String queue = speaking(provider, "en").get("/sharing/approvals").body();
        assertThat(queue).contains("Awaiting your decision", reportId, "published anonymously",
                "他社にも同じメールが届いています");
        long requestId = platform.database().widenings().pendingFor(providerOrg).getFirst().id();
        assertThat(as("participant").form("/sharing/approvals/" + requestId, "decision=approve").status())
                .as("only the provider decides").isEqualTo(404);
        assertThat(as("provider-viewer").form("/sharing/approvals/" + requestId, "decision=approve").status())
                .as("a viewer of the provider decides nothing").isEqualTo(403);
        HttpClientSession.Answer approved = provider.form("/sharing/approvals/" + requestId,
                "decision=approve&note=ok");
        assertThat(approved.status()).isEqualTo(302);
        assertThat(approved.header("Location")).isEqualTo("/sharing/approvals?done=approved");

        String read = speaking(participant, "en").get(objectPath()).body();
        assertThat(read).contains("Amber", "Anonymous (published by the secretariat on the provider")
                .doesNotContain("電力会社A");
        assertThat(secretariat.get(objectPath()).body()).contains("電力会社A");
        assertThat(participant.get("/sharing?q=198.51.100.7").body()).contains(reportId)
                .doesNotContain("電力会社A");

        JsonNode served = taxii("participant", reportId);
        assertThat(served.path("created_by_ref").asText()).isEqualTo(HubMarkings.HUB_IDENTITY_ID);
        assertThat(taxii("secretariat", reportId).path("created_by_ref").asText())
                .isNotEqualTo(HubMarkings.HUB_IDENTITY_ID);
    }

    @Test
    void theProviderWidensItsOwnItemAtOnceAndOthersCannot() {
        HttpClientSession participant = as("participant");
        assertThat(participant.form(objectPath() + "/widen", "level=white").status())
                .as("an item the participant cannot read is not there for it").isEqualTo(404);
        HttpClientSession provider = as("provider");
        String page = speaking(provider, "en").get(objectPath()).body();
        assertThat(page).contains("Share more widely", "Visible to").doesNotContain("Ask the provider");
        assertThat(provider.form(objectPath() + "/widen", "level=green").status()).isEqualTo(302);
        assertThat(participant.get(objectPath()).status()).isEqualTo(200);
        assertThat(participant.form(objectPath() + "/widen", "level=white").status()).isEqualTo(403);
        assertThat(platform.database().audit().latest(20, 0)).anySatisfy(e ->
                assertThat(e.action()).isEqualTo("intel.widened"));
    }

    @Test
    void pagesReadInBothLanguagesWithTheRangesNamed() {
        HttpClientSession provider = as("provider");
        String ja = speaking(provider, "ja").get("/sharing").body();
        assertThat(ja).contains("共有情報", "所属コミュニティ", "電力 CEPTOAR", "情報提供元", "レッド",
                "情報提供元、事務局、分析担当のみ。", reportId);
        String en = speaking(provider, "en").get("/sharing").body();
        assertThat(en).contains("Shared information", "Your communities", "Provider", "Red", reportId);
        assertThat(provider.get("/sharing/communities/" + ceptoar.id()).body())
                .contains("電力 CEPTOAR", "/taxii2/kizashi/collections/" + ceptoar.collectionId() + "/objects/");
        assertThat(provider.get("/sharing?q=no-such-thing").body())
                .contains("No items you may read match this search.");
        assertThat(provider.get("/sharing/communities/999999").status()).isEqualTo(404);
    }

    private JsonNode taxii(String user, String id) {
        HttpClientSession client = new HttpClientSession(platform.port());
        HttpClientSession.Answer a = client.get("/taxii2/kizashi/collections/" + ceptoar.collectionId() + "/objects/"
                        + id + "/", "Accept", "application/taxii+json;version=2.1", "Authorization", "Basic "
                        + java.util.Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().path("objects").get(0);
    }
}
