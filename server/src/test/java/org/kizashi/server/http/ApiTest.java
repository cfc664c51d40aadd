package org.kizashi.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.demo.DemoData;

/** The JSON API as a client sees it, on a platform started on a random port. */
class ApiTest {
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatforms.h2(Map.of("demo", "true"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static HttpClientSession client() {
        return new HttpClientSession(platform.port());
    }

    private static HttpClientSession admin() {
        HttpClientSession c = client();
        assertThat(c.login("admin", TestPlatforms.ADMIN_PASSWORD).status()).isEqualTo(200);
        return c;
    }

    @Test
    void healthSaysUpWithTheDatabase() {
        var a = client().get("/api/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("UP");
        assertThat(a.json().at("/database/vendor").asText()).isEqualTo("H2");
        assertThat(client().head("/api/health").status()).isEqualTo(200);
    }

    @Test
    void unknownRoutesAnswer404InJsonForTheApi() {
        var a = client().get("/api/v1/no-such-thing");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        assertThat(a.json().get("error").asText()).isEqualTo("not_found");
        assertThat(a.json().get("message").asText()).contains("/api/v1/no-such-thing");
    }

    @Test
    void unknownPagesAnswer404AsABilingualPage() {
        var ja = client().get("/no-such-page", "Accept-Language", "ja");
        assertThat(ja.status()).isEqualTo(404);
        assertThat(ja.body()).contains("<html lang=\"ja\">").contains("お探しのページは見つかりませんでした");
        var en = client().get("/no-such-page", "Accept-Language", "en-GB,en;q=0.8");
        assertThat(en.body()).contains("<html lang=\"en\">").contains("does not exist");
    }

    @Test
    void malformedJsonIsA400NamingThePosition() {
        var a = client().post("/api/v1/auth/login", "{\"username\": \"admin\",\n \"password\": }");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("message").asText()).startsWith("malformed JSON at line 2, column");
        var unknown = client().post("/api/v1/auth/login", "{\"user\":\"admin\",\"password\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).contains("unknown field 'user'");
        var empty = client().post("/api/v1/auth/login", "");
        assertThat(empty.json().get("message").asText()).contains("body is empty");
    }

    @Test
    void aWrongPasswordIsA401WithoutSayingWhichPartWasWrong() {
        var wrongPassword = client().login("admin", "not-the-password");
        var unknownUser = client().login("nobody", "not-the-password");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("message").asText()).isEqualTo(unknownUser.json().get("message").asText());
        assertThat(wrongPassword.header("Set-Cookie")).isNull();
    }

    @Test
    void theApiNeedsALogin() {
        var a = client().get("/api/v1/me");
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.header("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void loginGivesAnHttpOnlySessionAndLogoutEndsIt() {
        HttpClientSession c = client();
        var login = c.login("analyst", DemoData.PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Lax");
        assertThat(login.json().at("/user/role").asText()).isEqualTo("analyst");
        assertThat(c.get("/api/v1/me").json().get("authentication").asText()).isEqualTo("session");
        assertThat(c.post("/api/v1/auth/logout", "").status()).isEqualTo(204);
        assertThat(c.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void cookieWritesNeedTheCsrfToken() {
        HttpClientSession c = admin();
        c.csrf("forged");
        var forged = c.post("/api/v1/organisations", "{\"name\":\"偽造\"}");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("message").asText()).contains("CSRF");
    }

    @Test
    void adminsManageOrganisationsAndUsersAndEveryWriteIsAudited() {
        HttpClientSession c = admin();
        var org = c.post("/api/v1/organisations", "{\"name\":\"テスト電力 株式会社\"}");
        assertThat(org.status()).isEqualTo(201);
        long orgId = org.json().get("id").asLong();
        assertThat(c.post("/api/v1/organisations", "{\"name\":\"テスト電力 株式会社\"}").status()).isEqualTo(409);

        var user = c.post("/api/v1/users", "{\"username\":\"tanaka\",\"displayName\":\"田中 花子\",\"organisationId\":" + orgId
                + ",\"role\":\"analyst\",\"password\":\"a-long-enough-password\"}");
        assertThat(user.status()).isEqualTo(201);
        assertThat(user.json().get("displayName").asText()).isEqualTo("田中 花子");
        var shortPassword = c.post("/api/v1/users", "{\"username\":\"suzuki\",\"organisationId\":" + orgId
                + ",\"role\":\"viewer\",\"password\":\"short\"}");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.json().get("message").asText()).contains("at least 12 characters");
        var badRole = c.post("/api/v1/users", "{\"username\":\"suzuki\",\"organisationId\":" + orgId
                + ",\"role\":\"root\",\"password\":\"a-long-enough-password\"}");
        assertThat(badRole.json().get("message").asText()).contains("unknown role 'root'");

        long userId = user.json().get("id").asLong();
        var disabled = c.patch("/api/v1/users/" + userId, "{\"enabled\":false}");
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(client().login("tanaka", "a-long-enough-password").status()).isEqualTo(401);

        JsonNode audit = c.get("/api/v1/audit?limit=20").json();
        List<String> actions = new ArrayList<>();
        audit.forEach(e -> actions.add(e.get("actor").asText() + " " + e.get("action").asText() + " " + e.get("target").asText()));
        assertThat(actions).contains("admin organisation.create organisation " + orgId, "admin user.create user tanaka",
                "admin user.update user tanaka", "tanaka auth.login.failed user tanaka");
    }

    @Test
    void viewersAndAnalystsCannotAdminister() {
        HttpClientSession viewer = client();
        viewer.login("viewer", DemoData.PASSWORD);
        var a = viewer.post("/api/v1/organisations", "{\"name\":\"x\"}");
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().get("message").asText()).contains("admin");
        assertThat(viewer.get("/api/v1/users").status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/organisations").status()).isEqualTo(200);
    }

    @Test
    void apiTokensWorkAsBearerUntilRevoked() {
        HttpClientSession analyst = client();
        analyst.login("analyst", DemoData.PASSWORD);
        var created = analyst.post("/api/v1/tokens", "{\"name\":\"darknet sensor 1\"}");
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().get("secret").asText();
        assertThat(secret).startsWith("kzs_");
        assertThat(analyst.get("/api/v1/tokens").body()).doesNotContain(secret);

        HttpClientSession machine = client().bearer(secret);
        var me = machine.get("/api/v1/me");
        assertThat(me.json().get("authentication").asText()).isEqualTo("token");
        assertThat(me.json().at("/user/username").asText()).isEqualTo("analyst");
        // Bearer requests carry no cookie, so they need no CSRF token.
        assertThat(machine.post("/api/v1/tokens", "{\"name\":\"second\"}").status()).isEqualTo(201);

        assertThat(analyst.delete("/api/v1/tokens/" + created.json().at("/token/id").asLong()).status()).isEqualTo(204);
        var revoked = machine.get("/api/v1/me");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().get("message").asText()).contains("unknown, expired or revoked");
    }

    @Test
    void theOpenApiDocumentListsTheApi() throws Exception {
        var a = client().get("/api/openapi.yaml");
        assertThat(a.status()).isEqualTo(200);
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(a.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/health", "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/me",
                "/api/v1/me/password", "/api/v1/organisations", "/api/v1/users", "/api/v1/users/{id}", "/api/v1/tokens",
                "/api/v1/tokens/{id}", "/api/v1/audit", "/metrics");
    }

    @Test
    void metricsAreInPrometheusFormatAndCountRequests() {
        client().get("/api/health");
        var a = client().get("/metrics");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("http_server_requests_seconds_count{").contains("route=\"/api/health\"")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void pagesRedirectToLoginAndLanguageFollowsAcceptLanguage() {
        var a = client().get("/telescope", "Accept-Language", "en");
        assertThat(a.status()).isEqualTo(302);
        assertThat(a.header("Location")).isEqualTo("/login?next=%2Ftelescope");
        assertThat(client().get("/login", "Accept-Language", "en-US,en;q=0.9,ja;q=0.5").body())
                .contains("<html lang=\"en\">").contains("Log in");
        assertThat(client().get("/login", "Accept-Language", "ja-JP,ja;q=0.9,en;q=0.5").body())
                .contains("<html lang=\"ja\">").contains("ログイン");
        assertThat(client().get("/login").body()).contains("<html lang=\"ja\">");
    }

    @Test
    void theLoginFormRefusesCrossSitePostsAndOpenRedirects() {
        HttpClientSession c = client();
        var crossSite = c.form("/login", "username=admin&password=" + TestPlatforms.ADMIN_PASSWORD, "Origin", "https://evil.example");
        assertThat(crossSite.status()).isEqualTo(403);
        var ok = c.form("/login", "username=admin&password=" + TestPlatforms.ADMIN_PASSWORD + "&next=//evil.example/x");
        assertThat(ok.status()).isEqualTo(302);
        assertThat(ok.header("Location")).isEqualTo("/");
        assertThat(c.get("/admin").body()).contains("<table class=\"data\" id=\"users\">");
    }
}
