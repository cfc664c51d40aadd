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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kizashi.server.Mode;
import org.kizashi.server.Platform;
import org.kizashi.server.config.Configuration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
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
 * The harness of the browser end-to-end tests, a JUnit extension registered on a static field of the test class
 * ({@code @RegisterExtension static final Browser browser = new Browser(...)}). Before all tests it starts the platform
 * in this JVM (development mode, a free port, an in-memory H2 database, the demo data set) and a headless Chromium,
 * driven by chromedriver, with a throw-away profile and a browser that prefers Japanese; after all tests it quits the
 * browser, stops chromedriver and the platform and deletes the profile. Before each test it forgets the cookies (no
 * session, no language choice: a first-time visitor) and what earlier tests left in the browser console.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian: {@code apt-get install chromium
 * chromium-driver fonts-noto-cjk}); Selenium Manager is never asked to download anything. Without them the test class
 * is skipped, except on CI (CI=true), where it fails. Screenshots go to {@code target/e2e/}.
 */
final class Browser implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    static final String ADMIN_PASSWORD = "e2e-admin-password-1";
    static final Duration PAGE_WAIT = Duration.ofSeconds(10);

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final String dbPrefix;
    private final String profilePrefix;
    private final int windowHeight;

    private String testName;
    private Platform platform;
    private ChromeDriverService service;
    private WebDriver driver;
    private Path profile;
    private String base; // http://127.0.0.1:PORT, without a trailing slash

    /**
     * The platform's in-memory database is named {@code dbPrefix} and a random UUID; the browser's profile is a new
     * temporary directory whose name starts with {@code profilePrefix}; the window is {@code 1280 x windowHeight}.
     */
    Browser(String dbPrefix, String profilePrefix, int windowHeight) {
        this.dbPrefix = dbPrefix;
        this.profilePrefix = profilePrefix;
        this.windowHeight = windowHeight;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        testName = context.getRequiredTestClass().getSimpleName();
        requireChromium();

        Configuration config = Configuration.load(null, Map.of(), Map.of(
                "http.port", "0",
                "active.dns-port", "0",
                "db.vendor", "h2",
                "db.url", "jdbc:h2:mem:" + dbPrefix + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "admin.password", ADMIN_PASSWORD,
                "demo", "true"));
        platform = Platform.start(config, Mode.DEVELOPMENT, "test", Clock.systemUTC());
        base = platform.started().url().replaceAll("/+$", "");

        profile = Files.createTempDirectory(profilePrefix);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280," + windowHeight, "--lang=ja");
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

    /** Also after a failed or skipped {@link #beforeAll}: stops whatever was started. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException {
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
    @Override
    public void beforeEach(ExtensionContext context) {
        open("/login"); // cookies can only be deleted from a page of the platform's origin
        driver.manage().deleteAllCookies();
        browserErrors(); // forget what earlier tests left in the console
    }

    private void requireChromium() {
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
        System.err.println(testName + " skipped: " + message);
        Assumptions.abort(message);
    }

    Platform platform() {
        return platform;
    }

    /** http://127.0.0.1:PORT, without a trailing slash. */
    String base() {
        return base;
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a page of the platform and waits until its document is complete. */
    void open(String path) {
        driver.get(base + path);
        new WebDriverWait(driver, PAGE_WAIT).until(d -> "complete".equals(js("return document.readyState")));
    }

    /** Logs in through the login page and checks that it worked (there is a log-out button). */
    void login(String username, String password) {
        submitLogin(username, password);
        assertLoggedIn(username);
    }

    /** Fills in the login page and submits it, without checking the outcome. */
    void submitLogin(String username, String password) {
        open("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        clickAndWait(driver.findElement(By.id("login")));
    }

    void assertLoggedIn(String username) {
        assertThat(driver.findElements(By.id("logout"))).as("logged in as %s", username).hasSize(1);
    }

    /*
     * Clicks something that loads a new page (a link, a submit button): marks the current document and waits until a
     * document without the mark is complete. Selenium's stalenessOf is not used: newer Chromium answers a query on
     * the discarded node with an "unknown error" instead of a stale-element error, which made the wait fail at random.
     */
    void clickAndWait(WebElement element) {
        js("window.kizashiOldPage = true; return null");
        element.click();
        new WebDriverWait(driver, PAGE_WAIT)
                .ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(js(
                        "return window.kizashiOldPage === undefined && document.readyState === 'complete'")));
    }

    String currentPath() {
        return URI.create(driver.getCurrentUrl()).getRawPath();
    }

    String currentPathAndQuery() {
        URI uri = URI.create(driver.getCurrentUrl());
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    String text(By by) {
        return driver.findElement(by).getText().strip();
    }

    String htmlLang() {
        return driver.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Console errors: a script refused by the Content-Security-Policy, a failed request, an exception. */
    void assertNoBrowserErrors() {
        assertThat(browserErrors()).as("errors in the browser console").isEmpty();
    }

    /** The console errors since the last call (reading the console empties it). */
    private List<String> browserErrors() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .toList();
        } catch (RuntimeException unsupported) {
            System.err.println(testName + ": cannot read the browser console (" + unsupported.getMessage() + ")");
            return List.of();
        }
    }

    /** The window as it is, to {@code target/e2e/name}. */
    void screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("e2e");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page: the window is made as tall as the page for the shot, then set back. */
    void fullPageScreenshot(String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) js("return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(8000, height + 140)));
        try {
            screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
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
