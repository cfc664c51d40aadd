package org.kizashi.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kizashi.server.e2e.Browser.PAGE_WAIT;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kizashi.server.demo.DemoData;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The telescope page in a real, headless Chromium, on the platform with the demo data set (whose demo telescope is
 * analysed at start and replayed live): in Japanese and in English, the top-10 tables, the per-port chart and the live
 * map drawing arcs from the server-sent events. Same setup and rules as {@link BrowserE2ETest}, through
 * {@link Browser}: Debian's Chromium and chromedriver, never downloaded; skipped without them, except on CI (CI=true),
 * where that fails. Screenshots go to {@code target/e2e/}.
 */
class TelescopeE2ETest {
    private static final Duration LIVE_WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final Browser browser = new Browser("e2e-telescope-", "kizashi-e2e-telescope-", 1000);
    private static WebDriver driver;

    @BeforeAll
    static void useTheBrowser() {
        driver = browser.driver();
    }

    @Test
    void theTelescopePageShowsTablesChartAndLiveArcsInJapaneseAndEnglish() throws IOException {
        browser.login("analyst", DemoData.PASSWORD);
        browser.clickAndWait(driver.findElement(By.cssSelector("nav.areas a[data-area=telescope]")));
        assertThat(browser.currentPath()).isEqualTo("/telescope");
        assertThat(browser.htmlLang()).isEqualTo("ja");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("観測");
        assertThat(driver.findElements(By.id("not-available"))).as("no longer a planned area").isEmpty();
        assertThat(browser.text(By.id("demo-notice"))).startsWith("デモ表示です。");

        checkTables("上位 10 ポート（ユニークな送信元の数の順）", "上位 10 の国・地域（ユニークな送信元の数の順）", "中国");
        checkChart("23/tcp");
        checkLiveArcs("デモを再生中");
        assertThat(browser.text(By.id("live-legend"))).contains("TCP スキャン").contains("Mirai・IoT 機器のポート")
                .contains("UDP パケット").contains("ICMP パケット").contains("バックスキャッタ");
        assertThat(driver.findElements(By.cssSelector("#organisation-alert-list tr.alert.infected_host")))
                .as("the analyst's organisation owns the demo's infected host").isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#alert-list tr.alert.dos"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#alert-list tr.alert.surge"))).isNotEmpty();
        assertThat(browser.text(By.id("year"))).contains("IoT 機器を狙ったポートへのパケットの割合");
        browser.fullPageScreenshot("telescope-ja.png");
        browser.assertNoBrowserErrors();

        browser.clickAndWait(driver.findElement(By.cssSelector("form.lang-switch button[value=en]")));
        assertThat(browser.currentPath()).isEqualTo("/telescope");
        assertThat(browser.htmlLang()).isEqualTo("en");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Telescope");
        assertThat(browser.text(By.id("demo-notice"))).startsWith("Demo:");
        checkTables("Top 10 ports (by unique sources)", "Top 10 countries and regions (by unique sources)", "China");
        checkChart("23/tcp");
        checkLiveArcs("Replaying the demo");
        assertThat(browser.text(By.id("live-legend"))).contains("TCP scans").contains("Mirai / IoT device ports")
                .contains("Backscatter");
        assertThat(browser.text(By.id("alerts"))).contains("DoS attack inferred").contains("Port surge");

        // Another port, chosen by the reader: the chart is drawn again without reloading the page.
        WebElement port = driver.findElement(By.id("series-port"));
        port.clear();
        port.sendKeys("2323/tcp");
        driver.findElement(By.cssSelector("#series-form button[type=submit]")).click();
        new WebDriverWait(driver, PAGE_WAIT).until(d -> {
            List<WebElement> svg = d.findElements(By.cssSelector("#series-chart svg.series-chart"));
            return !svg.isEmpty() && svg.get(0).getDomAttribute("aria-label").contains("2323/tcp");
        });
        assertThat(browser.currentPath()).isEqualTo("/telescope");
        assertThat((String) browser.js("return location.search")).contains("port=2323%2Ftcp");
        browser.fullPageScreenshot("telescope-en.png");
        browser.assertNoBrowserErrors();
    }

    @Test
    void aViewerOfAnotherOrganisationDoesNotSeeTheDaedalusAlert() {
        browser.login("viewer", DemoData.PASSWORD);
        browser.open("/telescope");
        assertThat(driver.findElements(By.id("organisation-alerts-none"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("tr.alert.infected_host"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("#alert-list tr.alert.dos"))).isNotEmpty();
    }

    private static void checkTables(String portsCaption, String countriesCaption, String country) {
        assertThat(browser.text(By.cssSelector("#top-ports caption"))).isEqualTo(portsCaption);
        List<WebElement> ports = driver.findElements(By.cssSelector("#top-ports tbody tr"));
        assertThat(ports).hasSize(10);
        assertThat(ports.get(0).findElements(By.tagName("td")).get(1).getText()).matches("\\d+/(tcp|udp|icmp)");
        assertThat(browser.text(By.cssSelector("#top-countries caption"))).isEqualTo(countriesCaption);
        List<WebElement> countries = driver.findElements(By.cssSelector("#top-countries tbody tr"));
        assertThat(countries).hasSize(10);
        assertThat(browser.text(By.id("top-countries"))).contains(country);
        assertThat(browser.text(By.id("total-packets")).replaceAll("[^0-9]", "")).isNotEmpty().isNotEqualTo("0");
    }

    private static void checkChart(String port) {
        WebElement chart = driver.findElement(By.id("series-chart"));
        new WebDriverWait(driver, PAGE_WAIT).withMessage("the chart (#series-chart) was not drawn")
                .until(d -> "true".equals(chart.getDomAttribute("data-ready")));
        WebElement svg = chart.findElement(By.cssSelector("svg.series-chart"));
        assertThat(svg.getDomAttribute("aria-label")).contains(port);
        assertThat(chart.findElements(By.cssSelector("rect.chart-bar"))).isNotEmpty();
        assertThat(chart.findElements(By.cssSelector("polyline.chart-line"))).hasSize(1);
    }

    /** The map is drawn, the stream says what it plays, arcs appear, and the counters show the server's counts. */
    private static void checkLiveArcs(String state) {
        WebElement map = driver.findElement(By.id("telescope-map"));
        new WebDriverWait(driver, PAGE_WAIT).withMessage("the live map was not drawn")
                .until(d -> "true".equals(map.getDomAttribute("data-ready")));
        assertThat(map.findElements(By.cssSelector("svg.world-map path.country"))).hasSizeGreaterThan(150);
        long seen = new WebDriverWait(driver, LIVE_WAIT).withMessage("no arcs drawn on the live map")
                .until(d -> {
                    Object arcs = browser.js("return document.querySelectorAll('#telescope-map path.live-arc').length");
                    String drawn = map.getDomAttribute("data-arcs-drawn");
                    return drawn != null && Long.parseLong(drawn) > 0 && ((Number) arcs).longValue() > 0
                            ? Long.parseLong(drawn) : null;
                });
        assertThat(seen).isPositive();
        assertThat(map.findElements(By.cssSelector("circle.map-point.sensor"))).hasSize(1);
        new WebDriverWait(driver, PAGE_WAIT).until(d -> state.equals(browser.text(By.id("live-state"))));
        long packets = Long.parseLong(map.getDomAttribute("data-packets"));
        assertThat(packets).as("true packet counts from the server").isPositive();
        assertThat(browser.text(By.id("live-packets")).replaceAll("[^0-9]", "")).isNotEqualTo("0");
        assertThat((Number) browser.js("return document.querySelectorAll('#telescope-map path.live-arc').length"))
                .as("at most the arcs the page keeps").satisfies(n -> assertThat(n.intValue()).isLessThanOrEqualTo(240));
    }
}
