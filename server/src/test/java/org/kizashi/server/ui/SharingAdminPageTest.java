package org.kizashi.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.Role;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.Sector;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.http.HttpClientSession;

/** An administrator sets up a sector's CEPTOAR from the pages: its sector, its members and their roles. */
class SharingAdminPageTest {
    private static final String PASSWORD = "sharing-admin-password-1";

    private Platform platform;
    private HttpClientSession admin;

    @BeforeEach
    void start() {
        platform = TestPlatforms.h2(Map.of());
        admin = new HttpClientSession(platform.port());
        admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
        assertThat(admin.form("/lang", "lang=en&back=/admin/sharing").status()).isEqualTo(302);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void anAdministratorCreatesACeptoarAndGivesRoles() {
        Organisation bank = platform.database().organisations().create("架空銀行");
        long finance = platform.database().communities().sectors().stream()
                .filter(s -> s.code().equals("finance")).mapToLong(Sector::id).findFirst().orElseThrow();

        assertThat(admin.form("/admin/sharing/communities", "name=" + encoded("金融 CEPTOAR") + "&kind=ceptoar&sectorId="
                + finance).header("Location")).isEqualTo("/admin/sharing?done=community");
        Community ceptoar = platform.database().communities().communities().stream()
                .filter(c -> c.name().equals("金融 CEPTOAR")).findFirst().orElseThrow();
        assertThat(ceptoar.sectorId()).hasValue(finance);
        assertThat(admin.form("/admin/sharing/communities", "name=" + encoded("金融 CEPTOAR") + "&kind=ceptoar")
                .status()).isEqualTo(409);

        String members = "/admin/sharing/communities/" + ceptoar.id() + "/members";
        assertThat(admin.form(members, "organisationId=" + bank.id() + "&role=observer&agreedToRules=2026-10-01")
                .status()).isEqualTo(302);
        assertThat(platform.database().communities().memberships(bank.id())).containsExactly(new Membership(
                ceptoar.id(), bank.id(), CommunityRole.OBSERVER, Optional.of(LocalDate.of(2026, 10, 1))));
        HttpClientSession.Answer badDay = admin.form(members, "organisationId=" + bank.id()
                + "&role=observer&agreedToRules=1%2F10%2F2026");
        assertThat(badDay.status()).isEqualTo(400);
        assertThat(badDay.body()).contains("The day of agreement 1/10/2026 is not a date");
        assertThat(admin.form(members, "organisationId=" + bank.id() + "&role=boss").status()).isEqualTo(400);

        assertThat(admin.form("/admin/sharing/organisations/" + bank.id() + "/sectors", "sector=" + finance)
                .status()).isEqualTo(302);
        assertThat(platform.database().communities().sectorsOf(bank.id())).containsExactly(finance);

        String page = admin.get("/admin/sharing").body();
        assertThat(page).contains("金融 CEPTOAR", "架空銀行", "Observer", "2026-10-01",
                "/taxii2/kizashi/collections/" + ceptoar.collectionId() + "/");

        assertThat(admin.form(members + "/remove", "organisationId=" + bank.id() + "&role=observer").status())
                .isEqualTo(302);
        assertThat(platform.database().communities().memberships(bank.id())).isEmpty();
        assertThat(platform.database().audit().latest(20, 0)).extracting(e -> e.action())
                .contains("intel.community.created", "intel.member.added", "intel.member.removed",
                        "intel.organisation.sectors");
    }

    @Test
    void sectorsAreAddedInBothLanguagesAndOnlyAdministratorsManageSharing() {
        assertThat(admin.form("/admin/sharing/sectors", "code=space&nameJa=" + encoded("宇宙") + "&nameEn=Space")
                .status()).isEqualTo(302);
        assertThat(platform.database().communities().sectors()).extracting(Sector::nameJa).contains("宇宙");
        assertThat(admin.form("/admin/sharing/sectors", "code=space&nameJa=x&nameEn=y").status()).isEqualTo(409);
        assertThat(admin.form("/admin/sharing/sectors", "code=Bad Code&nameJa=x&nameEn=y").status()).isEqualTo(400);

        Organisation org = platform.database().organisations().create("一般組織");
        assertThat(admin.post("/api/v1/users", "{\"username\":\"analyst\",\"displayName\":\"a\",\"organisationId\":"
                + org.id() + ",\"role\":\"" + Role.ANALYST.id() + "\",\"password\":\"" + PASSWORD + "\"}").status())
                .isBetween(200, 201);
        HttpClientSession analyst = new HttpClientSession(platform.port());
        analyst.login("analyst", PASSWORD);
        assertThat(analyst.get("/admin/sharing").status()).isEqualTo(403);
        assertThat(analyst.form("/admin/sharing/sectors", "code=sea&nameJa=x&nameEn=y").status()).isEqualTo(403);
    }
}
