package org.kizashi.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kizashi.core.intel.WideningRequest;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.http.HttpClientSession;

/** The demo shows the sharing pages with something in them: a request awaiting its provider, and a correlation. */
class DemoSharingTest {
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatforms.h2(Map.of("demo", "true"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static HttpClientSession as(String user) {
        HttpClientSession web = new HttpClientSession(platform.port());
        assertThat(web.login(user, DemoData.PASSWORD).status()).isEqualTo(200);
        assertThat(web.form("/lang", "lang=en&back=/").status()).isEqualTo(302);
        return web;
    }

    @Test
    void thePowerCompanyHasARequestToDecideAndSeesTheIspReportOfItsServer() {
        HttpClientSession power = as("power");
        String queue = power.get("/sharing/approvals").body();
        assertThat(queue).contains("Awaiting your decision", "published anonymously");
        WideningRequest pending = platform.database().widenings().involving(
                platform.database().users().findByUsername("power").orElseThrow().organisationId(), 10).getFirst();
        assertThat(pending.status()).isEqualTo(WideningRequest.Status.PENDING);

        String item = power.get("/sharing/objects/" + pending.communityId() + "/" + pending.stixId()).body();
        assertThat(item).contains("ipv4-addr|192.0.2.66", "C&amp;C contacted by infected subscribers");
    }

    @Test
    void theIspAnalystReadsTheCouncilButNotThePowerCompanysRedItem() {
        String list = as("analyst").get("/sharing").body();
        assertThat(list).contains("Mirai", "CVE-2023-46604", "C&amp;C contacted by infected subscribers")
                .doesNotContain("targeted e-mail");
    }

    @Test
    void loadingTwiceAddsNothing() {
        int communities = platform.database().communities().communities().size();
        DemoData.load(platform.database(), null);
        assertThat(platform.database().communities().communities()).hasSize(communities);
    }
}
