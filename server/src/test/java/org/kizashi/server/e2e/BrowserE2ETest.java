package org.kizashi.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.kizashi.server.Mode;
import org.kizashi.server.Platform;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.demo.DemoData;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End-to-end test of the web UI in a real, headless Chromium: login, the overview with the world map, the language
 * switcher, error pages, logout and role-dependent navigation. The platform runs in this JVM on a free port with an
 * in-memory H2 database and the demo data set.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian: {@code apt-get install chromium
 * chromium-driver fonts-noto-cjk}); Selenium Manager is never asked to download anything. Without them the test is
 * skipped, except on CI (CI=true), where it fails. Screenshots of the overview go to {@code target/e2e/}.
 *
 * <p>Every test starts without cookies (no session, no language choice), so the tests do not depend on each other;
 * the browser itself prefers Japanese.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserE2ETest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ADMIN_PASSWORD = "e2e-admin-password-1";
    private static final Duration PAGE_WAIT = Duration.ofSeconds(10);
    private static final Duration MAP_WAIT = Duration.ofSeconds(15);

    private static final List<String> AREAS_JA = List.of("観測", "ハニーポット", "共有", "対処", "調査", "事案");
    private static final List<String> AREAS_EN = List.of("Telescope", "Honeypots", "Sharing", "Response",
            "Investigation", "Incidents");

    private static Platform platform;
    private static ChromeDriverService service;
    private static WebDriver driver;
    private static Path profile;
    private static String base; // http://127.0.0.1:PORT, without a trailing slash

    @BeforeAll
    static void startPlatformAndBrowser() throws IOException {
        requireChromium();

        Configuration config = Configuration.load(null, Map.of(), Map.of(
                "http.port", "0",
                "db.vendor", "h2",
                "db.url", "jdbc:h2:mem:e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "admin.password", ADMIN_PASSWORD,
                "demo", "true"));
        platform = Platform.start(config, Mode.DEVELOPMENT, "test", Clock.systemUTC());
        base = platform.started().url().replaceAll("/+$", "");
        assertThat(base).endsWith(":" + platform.port());

        profile = Files.createTempDirectory("kizashi-e2e-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=ja");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("intl.accept_languages", "ja,en-US;q=0.8,en;q=0.7"); // the Accept-Language header
        prefs.put("credentials_enable_service", false);
        prefs.put("profile.password_manager_enabled", false);
        prefs.put("profile.password_manager_leak_detection", false);
        prefs.put("translate.enabled", false);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);

        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopBrowserAndPlatform() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            try {
                if (service != null) {
                    service.stop(); // normally already stopped by quit(); makes sure chromedriver is gone
                }
            } finally {
                try {
                    if (platform != null) {
                        platform.close();
                    }
                } finally {
                    deleteRecursively(profile);
                }
            }
        }
    }

    /** No session and no language choice: every test starts as a first-time visitor with a Japanese browser. */
    @BeforeEach
    void forgetCookies() {
        open("/login"); // cookies can only be deleted from a page of the platform's origin
        driver.manage().deleteAllCookies();
        assertThat(driver.manage().getCookies()).isEmpty();
        browserErrors(); // forget what earlier tests left in the console
    }

    @Test
    @Order(1)
    void loginPageIsShownInTheBrowsersLanguageAndRefusesAWrongPassword() {
        assertThat((String) js("return navigator.languages[0]")).as("the browser is set up to prefer Japanese")
                .startsWith("ja");

        open("/");
        assertThat(currentPathAndQuery()).isEqualTo("/login?next=%2F");
        assertThat(htmlLang()).isEqualTo("ja");
        assertThat(driver.getTitle()).startsWith("ログイン");
        assertThat(text(By.id("login"))).isEqualTo("ログイン");
        assertThat(text(By.cssSelector("label[for=username]"))).isEqualTo("ユーザー名");
        assertThat(text(By.cssSelector("label[for=password]"))).isEqualTo("パスワード");
        assertThat(driver.findElements(By.id("login-error"))).as("no error before trying").isEmpty();

        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys("not-the-password");
        submitAndWait(driver.findElement(By.id("login")));

        assertThat(currentPathAndQuery()).isEqualTo("/login");
        assertThat(htmlLang()).isEqualTo("ja");
        assertThat(text(By.id("login-error"))).isEqualTo("ユーザー名またはパスワードが正しくありません。");
        assertThat(driver.findElement(By.id("username")).getDomProperty("value")).as("the user name is kept")
                .isEqualTo("admin");
        assertThat(driver.findElement(By.id("password")).getDomProperty("value")).as("the password is not echoed")
                .isEmpty();
        assertThat(driver.manage().getCookieNamed("kizashi_session")).as("no session after a wrong password").isNull();

        // The page asked for at first is still the target: the right password leads there.
        driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        submitAndWait(driver.findElement(By.id("login")));
        assertThat(currentPathAndQuery()).isEqualTo("/");
        assertThat(text(By.tagName("h1"))).isEqualTo("概要");
    }

    @Test
    @Order(2)
    void adminSeesTheOverviewWithTheWorldMapAndAllAreas() throws IOException {
        login("admin", ADMIN_PASSWORD);

        assertThat(currentPathAndQuery()).isEqualTo("/");
        assertThat(htmlLang()).isEqualTo("ja");
        assertThat(text(By.tagName("h1"))).isEqualTo("概要");
        assertThat(driver.getTitle()).startsWith("概要");
        assertThat(text(By.cssSelector(".user-menu span.user"))).contains("(admin)");

        waitForWorldMap();
        WebElement map = driver.findElement(By.id("world-map"));
        assertThat(map.findElements(By.cssSelector("svg.world-map"))).hasSize(1);
        assertThat(map.findElement(By.cssSelector("svg.world-map")).getDomAttribute("aria-label")).isEqualTo("世界地図");
        assertThat(map.findElements(By.cssSelector("svg.world-map path.country"))).hasSizeGreaterThan(150);
        assertThat(map.getSize().getHeight()).as("the map is visible, not collapsed").isGreaterThan(200);
        screenshot("overview-ja.png");

        List<String> nav = navTexts();
        assertThat(nav).startsWith("概要").containsSubsequence(AREAS_JA).endsWith("管理");
        assertThat(nav).hasSize(1 + AREAS_JA.size() + 1);
        assertThat(driver.findElement(By.cssSelector("nav.areas a[href='/']")).getDomAttribute("class"))
                .as("the overview is marked as the current page").contains("active");

        assertNoBrowserErrors();
    }

    @Test
    @Order(3)
    void languageSwitcherReloadsTheSamePageAndTheChoicePersists() throws IOException {
        login("admin", ADMIN_PASSWORD);
        waitForWorldMap();
        assertThat(htmlLang()).isEqualTo("ja");
        assertThat(driver.findElement(By.cssSelector("form.lang-switch button[value=ja]")).getDomAttribute("aria-current"))
                .isEqualTo("true");

        submitAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")));
        assertThat(currentPathAndQuery()).as("the same page again").isEqualTo("/");
        assertThat(htmlLang()).isEqualTo("en");
        assertThat(text(By.tagName("h1"))).isEqualTo("Overview");
        assertThat(text(By.cssSelector("nav.areas a[data-area=telescope]"))).isEqualTo("Telescope");
        assertThat(navTexts()).startsWith("Overview").containsSubsequence(AREAS_EN).endsWith("Administration");
        assertThat(text(By.id("logout"))).isEqualTo("Log out");
        assertThat(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")).getDomAttribute("aria-current"))
                .isEqualTo("true");
        waitForWorldMap();
        assertThat(driver.findElement(By.cssSelector("#world-map svg.world-map")).getDomAttribute("aria-label"))
                .isEqualTo("World map");
        screenshot("overview-en.png");

        // The choice persists on the next page (an area still planned: the telescope has its own test).
        clickAndWait(driver.findElement(By.cssSelector("nav.areas a[data-area=honeypots]")));
        assertThat(currentPathAndQuery()).isEqualTo("/honeypots");
        assertThat(htmlLang()).isEqualTo("en");
        assertThat(text(By.tagName("h1"))).isEqualTo("Honeypots");
        assertThat(text(By.id("not-available")))
                .isEqualTo("This area is not available yet. It will come in a later release.");

        // And back to Japanese, on the same page.
        submitAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=ja]")));
        assertThat(currentPathAndQuery()).isEqualTo("/honeypots");
        assertThat(htmlLang()).isEqualTo("ja");
        assertThat(text(By.tagName("h1"))).isEqualTo("ハニーポット");
        assertThat(text(By.id("not-available")))
                .isEqualTo("この機能はまだ提供されていません。今後のリリースで追加される予定です。");

        open("/sharing");
        assertThat(htmlLang()).isEqualTo("ja");
        assertThat(text(By.tagName("h1"))).isEqualTo("共有");

        // The choice beats the browser's Accept-Language, which prefers Japanese: English stays English.
        submitAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")));
        open("/");
        assertThat(htmlLang()).isEqualTo("en");
        assertThat(text(By.tagName("h1"))).isEqualTo("Overview");

        assertNoBrowserErrors();
    }

    @Test
    @Order(4)
    void unknownPageShowsAnHtmlErrorPageInTheChosenLanguage() {
        login("admin", ADMIN_PASSWORD);

        open("/no-such-page");
        assertThat(htmlLang()).isEqualTo("ja");
        assertThat(text(By.tagName("h1"))).contains("404").isEqualTo("エラー 404");
        assertThat(driver.getTitle()).contains("404");
        assertThat(text(By.cssSelector("main p.error")))
                .isEqualTo("お探しのページは見つかりませんでした。URL をご確認ください。");
        assertThat(text(By.cssSelector("main a[href='/']"))).isEqualTo("概要に戻る");
        assertThat(navTexts()).as("the error page keeps the navigation").containsSubsequence(AREAS_JA);

        submitAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")));
        assertThat(currentPathAndQuery()).isEqualTo("/no-such-page");
        assertThat(htmlLang()).isEqualTo("en");
        assertThat(text(By.tagName("h1"))).contains("404").isEqualTo("Error 404");
        assertThat(text(By.cssSelector("main p.error")))
                .isEqualTo("The page you asked for does not exist. Check the address.");

        // Also without a session: the error page is a page, in the chosen language, not JSON.
        driver.manage().deleteCookieNamed("kizashi_session");
        open("/another/missing/page");
        assertThat(htmlLang()).isEqualTo("en");
        assertThat(text(By.tagName("h1"))).isEqualTo("Error 404");
    }

    @Test
    @Order(5)
    void logoutReturnsToTheLoginPageAndEndsTheSession() {
        login("admin", ADMIN_PASSWORD);
        Cookie session = driver.manage().getCookieNamed("kizashi_session");
        assertThat(session).as("logged in with a session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();

        assertThat(text(By.id("logout"))).isEqualTo("ログアウト");
        submitAndWait(driver.findElement(By.id("logout")));
        assertThat(currentPathAndQuery()).isEqualTo("/login?bye");
        assertThat(htmlLang()).isEqualTo("ja");
        assertThat(text(By.cssSelector(".login-box p.notice"))).isEqualTo("ログアウトしました。");
        assertThat(driver.findElements(By.id("login"))).hasSize(1);
        assertThat(driver.manage().getCookieNamed("kizashi_session")).as("the session cookie is cleared").isNull();

        open("/");
        assertThat(currentPathAndQuery()).isEqualTo("/login?next=%2F");
        assertThat(driver.findElements(By.cssSelector(".login-box p.notice"))).as("no logged-out notice now").isEmpty();

        // The old session is ended on the server too: bringing its cookie back does not log in.
        driver.manage().addCookie(new Cookie.Builder(session.getName(), session.getValue())
                .path("/").isHttpOnly(true).sameSite("Lax").build());
        open("/");
        assertThat(currentPathAndQuery()).isEqualTo("/login?next=%2F");
    }

    @Test
    @Order(6)
    void viewerDoesNotSeeAdministrationAndIsRefusedThere() {
        login("viewer", DemoData.PASSWORD);
        assertThat(currentPathAndQuery()).isEqualTo("/");
        assertThat(text(By.cssSelector(".user-menu span.user"))).contains("(viewer)");

        List<String> nav = navTexts();
        assertThat(nav).containsSubsequence(AREAS_JA).doesNotContain("管理");
        assertThat(driver.findElements(By.cssSelector("nav.areas a[href='/admin']"))).isEmpty();
        waitForWorldMap();

        open("/admin");
        assertThat(currentPathAndQuery()).isEqualTo("/admin");
        assertThat(htmlLang()).isEqualTo("ja");
        assertThat(text(By.tagName("h1"))).isEqualTo("エラー 403");
        assertThat(text(By.cssSelector("main p.error"))).isEqualTo("この操作を行う権限がありません。");
        assertThat(driver.findElements(By.id("users"))).as("no user list for a viewer").isEmpty();

        // An analyst is not an administrator either.
        submitAndWait(driver.findElement(By.id("logout")));
        login("analyst", DemoData.PASSWORD);
        assertThat(navTexts()).containsSubsequence(AREAS_JA).doesNotContain("管理");
    }

    @Test
    @Order(7)
    void switchingLanguageOnTheLoginPageKeepsThePageAskedFor() {
        open("/telescope");
        assertThat(currentPathAndQuery()).isEqualTo("/login?next=%2Ftelescope");

        submitAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")));
        assertThat(htmlLang()).isEqualTo("en");
        assertThat(text(By.id("login"))).isEqualTo("Log in");
        assertThat(currentPathAndQuery()).isEqualTo("/login?next=%2Ftelescope");

        driver.findElement(By.id("username")).sendKeys("viewer");
        driver.findElement(By.id("password")).sendKeys(DemoData.PASSWORD);
        submitAndWait(driver.findElement(By.id("login")));
        assertThat(driver.findElements(By.id("logout"))).as("logged in").hasSize(1);
        assertThat(htmlLang()).as("the choice made before logging in stays").isEqualTo("en");
        assertThat(currentPathAndQuery()).isEqualTo("/telescope");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void requireChromium() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "Chromium is not installed (missing " + String.join(", ", missing)
                + "); the browser end-to-end tests need it: apt-get install chromium chromium-driver fonts-noto-cjk";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + ". CI=true: CI must install them (see .ci/run).");
        }
        System.err.println("BrowserE2ETest skipped: " + message);
        Assumptions.abort(message);
    }

    private static void login(String username, String password) {
        open("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        submitAndWait(driver.findElement(By.id("login")));
        assertThat(driver.findElements(By.id("login-error"))).as("login as %s succeeds", username).isEmpty();
        assertThat(driver.findElements(By.id("logout"))).as("logged in as %s", username).hasSize(1);
    }

    private static void open(String path) {
        driver.get(base + path);
        waitForDocument();
    }

    /** Clicks something that loads a new page (a submit button) and waits until the new page is there. */
    private static void submitAndWait(WebElement button) {
        clickAndWait(button);
    }

    /*
     * Marks the current document and waits until a document without the mark is complete. Selenium's
     * stalenessOf is not used: newer Chromium answers a query on the discarded node with an "unknown error"
     * instead of a stale-element error, which made the wait fail at random.
     */
    private static void clickAndWait(WebElement element) {
        js("window.kizashiOldPage = true; return null");
        element.click();
        new WebDriverWait(driver, PAGE_WAIT)
                .ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(js(
                        "return window.kizashiOldPage === undefined && document.readyState === 'complete'")));
    }

    private static void waitForDocument() {
        new WebDriverWait(driver, PAGE_WAIT).until(d -> "complete".equals(js("return document.readyState")));
    }

    /** Waits for map.js to draw the map; fails at once with the shown message if it says loading failed. */
    private static void waitForWorldMap() {
        String state = new WebDriverWait(driver, MAP_WAIT)
                .withMessage("the world map (#world-map) did not get data-ready=\"true\" within " + MAP_WAIT)
                .until(d -> {
                    String ready = d.findElement(By.id("world-map")).getDomAttribute("data-ready");
                    return "true".equals(ready) || "error".equals(ready) ? ready : null;
                });
        assertThat(state).as("world map state; the page shows: %s", text(By.id("world-map"))).isEqualTo("true");
    }

    private static List<String> navTexts() {
        return driver.findElements(By.cssSelector("nav.areas a")).stream().map(e -> e.getText().strip()).toList();
    }

    private static String text(By by) {
        return driver.findElement(by).getText().strip();
    }

    private static String htmlLang() {
        return driver.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    private static String currentPathAndQuery() {
        URI uri = URI.create(driver.getCurrentUrl());
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Console errors: a script refused by the Content-Security-Policy, a failed request, an exception. */
    private static void assertNoBrowserErrors() {
        assertThat(browserErrors()).as("errors in the browser console").isEmpty();
    }

    /** The console errors since the last call (reading the console empties it). */
    private static List<String> browserErrors() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .toList();
        } catch (RuntimeException unsupported) {
            System.err.println("BrowserE2ETest: cannot read the browser console (" + unsupported.getMessage() + ")");
            return List.of();
        }
    }

    private static void screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("e2e");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
