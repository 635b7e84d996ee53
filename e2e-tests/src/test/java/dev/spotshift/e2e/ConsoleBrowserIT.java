package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spotshift.simulator.domain.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live console in a real headless chromium, against the demo's stack (broker, registry, the four services, the
 * console, the simulator). The page is opened once and never reloaded: what it shows changes only through the
 * console's event stream. Screenshots go to target/console-screenshots, and to {@code -Dspotshift.screenshots=DIR}
 * too (the README's come from {@code -Dspotshift.screenshots=../docs}).
 *
 * <p>Part of {@code mvn verify} where Debian's chromium and chromium-driver are installed (paths in
 * {@code -Dspotshift.chromium} and {@code -Dspotshift.chromedriver}, /usr/bin's by default); skipped, saying so, where
 * they are not (a fresh CI machine). Alone: {@code mvn -B -pl e2e-tests verify -Dit.test=ConsoleBrowserIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("spotshift.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("spotshift.chromedriver", "/usr/bin/chromedriver"));
    private static final boolean INSTALLED = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);

    private static WebDriver browser;
    private static Path profile;

    /** Each case, not the class, is skipped, so the reports list every one as skipped with the reason. */
    @BeforeEach
    void requireChromium() {
        assumeTrue(INSTALLED, "skipped: no Chromium at " + CHROMIUM + " or no ChromeDriver at " + CHROMEDRIVER
                + " (Debian: apt-get install chromium chromium-driver; other paths: -Dspotshift.chromium, "
                + "-Dspotshift.chromedriver)");
    }

    @BeforeAll
    static void openBrowser() throws IOException {
        if (!INSTALLED) {
            return;
        }
        Path chromium = CHROMIUM;
        Path chromedriver = CHROMEDRIVER;
        // A fresh profile per run: nothing left by an earlier run (cache, session restore) changes what is shown.
        profile = Files.createTempDirectory("spotshift-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // --no-sandbox: CI containers run as root, where chromium's sandbox refuses to start. The networking flags
        // keep chromium from calling its own services, which a closed network refuses (many at a time, at start).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1700", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String console() {
        E2eStack.requireAllServices();
        return E2eStack.stack().consoleUrl().orElseThrow(() -> new AssertionError("the console is not running"));
    }

    @Test
    @Order(1)
    void showsTheDemosMigrationMovingFromOnDemandToFullSpotLive() {
        // Given the console's list open in a browser, and a workload that behaves on spot
        E2eStack.stack().useScenario(Scenario.HAPPY);
        E2eStack.groupFree();
        browser.get(console() + "/");
        // When the demo plan is submitted
        String planId = E2eStack.submit(E2eStack.demoPlan(), null);
        // Then the list shows it without a reload, and its row leads to the plan's page
        WebElement row = await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(
                () -> browser.findElements(By.cssSelector("tr.plan[data-plan='" + planId + "']")), l -> !l.isEmpty())
                .get(0);
        row.findElement(By.tagName("a")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("spot")).isEmpty());
        // And the page, never reloaded, follows the spot share up to 100 % and the plan to COMPLETED
        List<Integer> seen = new ArrayList<>();
        boolean[] midShot = {false};
        await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            String shown = attribute("spot", "data-spot");
            if (shown.isEmpty()) {
                return false;
            }
            int spot = Integer.parseInt(shown);
            if (seen.isEmpty() || seen.get(seen.size() - 1) != spot) {
                seen.add(spot);
            }
            if (!midShot[0] && spot == 50) {
                midShot[0] = true;
                screenshot("console-plan-shifting.png");
            }
            return "COMPLETED".equals(attribute("stage", "data-stage"));
        });
        assertThat(seen).as("spot shares the page showed, in order").contains(100).isSorted();
        assertThat(seen.stream().filter(s -> s > 0 && s < 100).toList()).as("steps seen between 0 and 100 %")
                .isNotEmpty();
        // (the page keeps being re-rendered as samples arrive, so each look finds its elements afresh)
        settled(() -> {
            assertThat(attribute("spot", "data-spot")).isEqualTo("100");
            assertThat(browser.findElements(By.cssSelector("#steps .step.filled"))).hasSize(4);
            assertThat(browser.findElement(By.id("verdicts")).getText()).contains("PASS");
            assertThat(browser.findElement(By.id("savings")).getText()).startsWith("$");
        });
        screenshot("console-plan-completed.png");
        browser.get(console() + "/");
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("plans")).isEmpty());
        screenshot("console-migrations.png");
    }

    @Test
    @Order(2)
    void showsTheErrorSpikesRollbackWithItsEvidence() {
        // Given jobs that fail once half of the workload runs on spot
        E2eStack.stack().useScenario(Scenario.ERROR_SPIKE);
        E2eStack.groupFree();
        String planId = E2eStack.submit(E2eStack.demoPlan(), null);
        // When its page is open
        browser.get(console() + "/plans/" + planId);
        // (the console may not have read the submission yet: the page is a 404 until then)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (browser.findElements(By.id("stage")).isEmpty()) {
                browser.navigate().refresh();
                return false;
            }
            return true;
        });
        // Then the page, live, ends ROLLED_BACK with the rollback, its trigger and the measurements that tripped it
        await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> "ROLLED_BACK".equals(attribute("stage", "data-stage")));
        settled(() -> {
            WebElement rollback = browser.findElement(By.cssSelector("tr.rollback"));
            assertThat(rollback.getText()).contains("FULL").containsPattern("\\d+ % → 0 %");
            assertThat(rollback.findElements(By.cssSelector(".evidence td.fail"))).as("breaching measurements")
                    .isNotEmpty();
            assertThat(attribute("spot", "data-spot")).isEqualTo("0");
            assertThat(browser.findElements(By.cssSelector(".chart[data-metric='error rate'] .breach")))
                    .as("error-rate samples past the threshold, in red").isNotEmpty();
        });
        screenshot("console-error-spike-rollback.png");
        // And the audit report it links to verifies the plan
        browser.findElement(By.id("audit-link")).click();
        await().atMost(Duration.ofSeconds(60)).until(() -> browser.getPageSource().contains(planId));
        assertThat(browser.getPageSource()).contains("rollback");
    }

    @Test
    @Order(3)
    void answersAnUnknownPlanWithA404PageNotAStackTrace() {
        browser.get(console() + "/plans/no-such-plan");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("No such migration");
        assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("at dev.spotshift");
    }

    /** An element's attribute, "" while it is not there or is being replaced by the stream's next render. */
    private static String attribute(String id, String name) {
        try {
            List<WebElement> found = browser.findElements(By.id(id));
            return found.isEmpty() ? "" : found.get(0).getAttribute(name);
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return "";
        }
    }

    /** Assertions on a page the stream may re-render between two looks: tried again until they hold (bounded). */
    private static void settled(org.awaitility.core.ThrowingRunnable assertions) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .untilAsserted(assertions);
    }

    private static void screenshot(String name) {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        List<Path> dirs = new ArrayList<>(List.of(Path.of("target", "console-screenshots")));
        String extra = System.getProperty("spotshift.screenshots");
        if (extra != null && !extra.isBlank()) {
            dirs.add(Path.of(extra));
        }
        try {
            for (Path dir : dirs) {
                Files.createDirectories(dir);
                Files.write(dir.resolve(name), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
