package org.kizashi.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kizashi.server.e2e.Browser.ADMIN_PASSWORD;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kizashi.server.demo.DemoData;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End-to-end test of the web UI in a real, headless Chromium: login, the overview with the world map, the language
 * switcher, error pages, logout and role-dependent navigation. The platform runs in this JVM on a free port with an
 * in-memory H2 database and the demo data set.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}; see {@link Browser} for the setup and the
 * rules (skipped without them, except on CI). Screenshots of the overview go to {@code target/e2e/}.
 *
 * <p>Every test starts without cookies (no session, no language choice), so the tests do not depend on each other;
 * the browser itself prefers Japanese.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserE2ETest {
    private static final Duration MAP_WAIT = Duration.ofSeconds(15);

    private static final List<String> AREAS_JA = List.of("観測", "ハニーポット", "共有", "対処", "調査", "事案");
    private static final List<String> AREAS_EN = List.of("Telescope", "Honeypots", "Sharing", "Response",
            "Investigation", "Incidents");

    @RegisterExtension
    static final Browser browser = new Browser("e2e-", "kizashi-e2e-chromium-", 900);
    private static WebDriver driver;

    @BeforeAll
    static void useTheBrowser() {
        assertThat(browser.base()).endsWith(":" + browser.platform().port());
        driver = browser.driver();
    }

    /** The browser has forgotten the cookies before each test (no session and no language choice). */
    @BeforeEach
    void noCookies() {
        assertThat(driver.manage().getCookies()).isEmpty();
    }

    @Test
    @Order(1)
    void loginPageIsShownInTheBrowsersLanguageAndRefusesAWrongPassword() {
        assertThat((String) browser.js("return navigator.languages[0]")).as("the browser is set up to prefer Japanese")
                .startsWith("ja");

        browser.open("/");
        assertThat(browser.currentPathAndQuery()).isEqualTo("/login?next=%2F");
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(driver.getTitle()).startsWith("ログイン");
        assertThat(browser.text(By.id("login"))).isEqualTo("ログイン");
        assertThat(browser.text(By.cssSelector("label[for=username]"))).isEqualTo("ユーザー名");
        assertThat(browser.text(By.cssSelector("label[for=password]"))).isEqualTo("パスワード");
        assertThat(driver.findElements(By.id("login-error"))).as("no error before trying").isEmpty();

        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys("not-the-password");
        browser.clickAndWait(driver.findElement(By.id("login")));

        assertThat(browser.currentPathAndQuery()).isEqualTo("/login");
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(browser.text(By.id("login-error"))).isEqualTo("ユーザー名またはパスワードが正しくありません。");
        assertThat(driver.findElement(By.id("username")).getDomProperty("value")).as("the user name is kept")
                .isEqualTo("admin");
        assertThat(driver.findElement(By.id("password")).getDomProperty("value")).as("the password is not echoed")
                .isEmpty();
        assertThat(driver.manage().getCookieNamed("kizashi_session")).as("no session after a wrong password").isNull();

        // The page asked for at first is still the target: the right password leads there.
        driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        browser.clickAndWait(driver.findElement(By.id("login")));
        assertThat(browser.currentPathAndQuery()).isEqualTo("/");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("概要");
    }

    @Test
    @Order(2)
    void adminSeesTheOverviewWithTheWorldMapAndAllAreas() throws IOException {
        login("admin", ADMIN_PASSWORD);

        assertThat(browser.currentPathAndQuery()).isEqualTo("/");
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("概要");
        assertThat(driver.getTitle()).startsWith("概要");
        assertThat(browser.text(By.cssSelector(".user-menu span.user"))).contains("(admin)");

        waitForWorldMap();
        WebElement map = driver.findElement(By.id("world-map"));
        assertThat(map.findElements(By.cssSelector("svg.world-map"))).hasSize(1);
        assertThat(map.findElement(By.cssSelector("svg.world-map")).getDomAttribute("aria-label")).isEqualTo("世界地図");
        assertThat(map.findElements(By.cssSelector("svg.world-map path.country"))).hasSizeGreaterThan(150);
        assertThat(map.getSize().getHeight()).as("the map is visible, not collapsed").isGreaterThan(200);
        browser.screenshot("overview-ja.png");

        List<String> nav = navTexts();
        assertThat(nav).startsWith("概要").containsSubsequence(AREAS_JA).endsWith("管理");
        assertThat(nav).hasSize(1 + AREAS_JA.size() + 1);
        assertThat(driver.findElement(By.cssSelector("nav.areas a[href='/']")).getDomAttribute("class"))
                .as("the overview is marked as the current page").contains("active");

        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(3)
    void languageSwitcherReloadsTheSamePageAndTheChoicePersists() throws IOException {
        login("admin", ADMIN_PASSWORD);
        waitForWorldMap();
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(driver.findElement(By.cssSelector("form.lang-switch button[value=ja]")).getDomAttribute("aria-current"))
                .isEqualTo("true");

        browser.clickAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")));
        assertThat(browser.currentPathAndQuery()).as("the same page again").isEqualTo("/");
        assertThat(browser.htmlLang()).isEqualTo("en");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Overview");
        assertThat(browser.text(By.cssSelector("nav.areas a[data-area=telescope]"))).isEqualTo("Telescope");
        assertThat(navTexts()).startsWith("Overview").containsSubsequence(AREAS_EN).endsWith("Administration");
        assertThat(browser.text(By.id("logout"))).isEqualTo("Log out");
        assertThat(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")).getDomAttribute("aria-current"))
                .isEqualTo("true");
        waitForWorldMap();
        assertThat(driver.findElement(By.cssSelector("#world-map svg.world-map")).getDomAttribute("aria-label"))
                .isEqualTo("World map");
        browser.screenshot("overview-en.png");

        // The choice persists on the next page (an area still planned: the telescope has its own test).
        browser.clickAndWait(driver.findElement(By.cssSelector("nav.areas a[data-area=honeypots]")));
        assertThat(browser.currentPathAndQuery()).isEqualTo("/honeypots");
        assertThat(browser.htmlLang()).isEqualTo("en");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Honeypots");
        assertThat(browser.text(By.id("not-available")))
                .isEqualTo("This area is not available yet. It will come in a later release.");

        // And back to Japanese, on the same page.
        browser.clickAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=ja]")));
        assertThat(browser.currentPathAndQuery()).isEqualTo("/honeypots");
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("ハニーポット");
        assertThat(browser.text(By.id("not-available")))
                .isEqualTo("この機能はまだ提供されていません。今後のリリースで追加される予定です。");

        browser.open("/sharing");
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("共有情報");
        // The five ranges are named and drawn in five different colours.
        List<WebElement> ranges = driver.findElements(By.cssSelector(".level-legend .level"));
        assertThat(ranges).extracting(WebElement::getText)
                .containsExactly("レッド", "アンバー", "イエロー", "グリーン", "ホワイト");
        assertThat(ranges.stream().map(r -> r.getCssValue("background-color")).distinct().count()).isEqualTo(5);
        browser.screenshot("sharing-ja.png");

        // The choice beats the browser's Accept-Language, which prefers Japanese: English stays English.
        browser.clickAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")));
        browser.open("/");
        assertThat(browser.htmlLang()).isEqualTo("en");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Overview");

        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(4)
    void unknownPageShowsAnHtmlErrorPageInTheChosenLanguage() {
        login("admin", ADMIN_PASSWORD);

        browser.open("/no-such-page");
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(browser.text(By.tagName("h1"))).contains("404").isEqualTo("エラー 404");
        assertThat(driver.getTitle()).contains("404");
        assertThat(browser.text(By.cssSelector("main p.error")))
                .isEqualTo("お探しのページは見つかりませんでした。URL をご確認ください。");
        assertThat(browser.text(By.cssSelector("main a[href='/']"))).isEqualTo("概要に戻る");
        assertThat(navTexts()).as("the error page keeps the navigation").containsSubsequence(AREAS_JA);

        browser.clickAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")));
        assertThat(browser.currentPathAndQuery()).isEqualTo("/no-such-page");
        assertThat(browser.htmlLang()).isEqualTo("en");
        assertThat(browser.text(By.tagName("h1"))).contains("404").isEqualTo("Error 404");
        assertThat(browser.text(By.cssSelector("main p.error")))
                .isEqualTo("The page you asked for does not exist. Check the address.");

        // Also without a session: the error page is a page, in the chosen language, not JSON.
        driver.manage().deleteCookieNamed("kizashi_session");
        browser.open("/another/missing/page");
        assertThat(browser.htmlLang()).isEqualTo("en");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Error 404");
    }

    @Test
    @Order(5)
    void logoutReturnsToTheLoginPageAndEndsTheSession() {
        login("admin", ADMIN_PASSWORD);
        Cookie session = driver.manage().getCookieNamed("kizashi_session");
        assertThat(session).as("logged in with a session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();

        assertThat(browser.text(By.id("logout"))).isEqualTo("ログアウト");
        browser.clickAndWait(driver.findElement(By.id("logout")));
        assertThat(browser.currentPathAndQuery()).isEqualTo("/login?bye");
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(browser.text(By.cssSelector(".login-box p.notice"))).isEqualTo("ログアウトしました。");
        assertThat(driver.findElements(By.id("login"))).hasSize(1);
        assertThat(driver.manage().getCookieNamed("kizashi_session")).as("the session cookie is cleared").isNull();

        browser.open("/");
        assertThat(browser.currentPathAndQuery()).isEqualTo("/login?next=%2F");
        assertThat(driver.findElements(By.cssSelector(".login-box p.notice"))).as("no logged-out notice now").isEmpty();

        // The old session is ended on the server too: bringing its cookie back does not log in.
        driver.manage().addCookie(new Cookie.Builder(session.getName(), session.getValue())
                .path("/").isHttpOnly(true).sameSite("Lax").build());
        browser.open("/");
        assertThat(browser.currentPathAndQuery()).isEqualTo("/login?next=%2F");
    }

    @Test
    @Order(6)
    void viewerDoesNotSeeAdministrationAndIsRefusedThere() {
        login("viewer", DemoData.PASSWORD);
        assertThat(browser.currentPathAndQuery()).isEqualTo("/");
        assertThat(browser.text(By.cssSelector(".user-menu span.user"))).contains("(viewer)");

        List<String> nav = navTexts();
        assertThat(nav).containsSubsequence(AREAS_JA).doesNotContain("管理");
        assertThat(driver.findElements(By.cssSelector("nav.areas a[href='/admin']"))).isEmpty();
        waitForWorldMap();

        browser.open("/admin");
        assertThat(browser.currentPathAndQuery()).isEqualTo("/admin");
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("エラー 403");
        assertThat(browser.text(By.cssSelector("main p.error"))).isEqualTo("この操作を行う権限がありません。");
        assertThat(driver.findElements(By.id("users"))).as("no user list for a viewer").isEmpty();

        // An analyst is not an administrator either.
        browser.clickAndWait(driver.findElement(By.id("logout")));
        login("analyst", DemoData.PASSWORD);
        assertThat(navTexts()).containsSubsequence(AREAS_JA).doesNotContain("管理");
    }

    @Test
    @Order(7)
    void switchingLanguageOnTheLoginPageKeepsThePageAskedFor() {
        browser.open("/telescope");
        assertThat(browser.currentPathAndQuery()).isEqualTo("/login?next=%2Ftelescope");

        browser.clickAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")));
        assertThat(browser.htmlLang()).isEqualTo("en");
        assertThat(browser.text(By.id("login"))).isEqualTo("Log in");
        assertThat(browser.currentPathAndQuery()).isEqualTo("/login?next=%2Ftelescope");

        driver.findElement(By.id("username")).sendKeys("viewer");
        driver.findElement(By.id("password")).sendKeys(DemoData.PASSWORD);
        browser.clickAndWait(driver.findElement(By.id("login")));
        assertThat(driver.findElements(By.id("logout"))).as("logged in").hasSize(1);
        assertThat(browser.htmlLang()).as("the choice made before logging in stays").isEqualTo("en");
        assertThat(browser.currentPathAndQuery()).isEqualTo("/telescope");
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Logs in; a wrong password shows an error on the login page, which would fail here first. */
    private static void login(String username, String password) {
        browser.submitLogin(username, password);
        assertThat(driver.findElements(By.id("login-error"))).as("login as %s succeeds", username).isEmpty();
        browser.assertLoggedIn(username);
    }

    /** Waits for map.js to draw the map; fails at once with the shown message if it says loading failed. */
    private static void waitForWorldMap() {
        String state = new WebDriverWait(driver, MAP_WAIT)
                .withMessage("the world map (#world-map) did not get data-ready=\"true\" within " + MAP_WAIT)
                .until(d -> {
                    String ready = d.findElement(By.id("world-map")).getDomAttribute("data-ready");
                    return "true".equals(ready) || "error".equals(ready) ? ready : null;
                });
        assertThat(state).as("world map state; the page shows: %s", browser.text(By.id("world-map")))
                .isEqualTo("true");
    }

    private static List<String> navTexts() {
        return driver.findElements(By.cssSelector("nav.areas a")).stream().map(e -> e.getText().strip()).toList();
    }
}
