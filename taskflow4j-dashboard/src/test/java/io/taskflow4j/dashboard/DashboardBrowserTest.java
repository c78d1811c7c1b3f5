package io.taskflow4j.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium against a SQLite store holding real runs in every state. Set
 * the system property {@code taskflow4j.screenshots} to a folder to save the guide's screenshots.
 */
class DashboardBrowserTest {

  private static final String TOKEN = "browser-test-token-0123";

  @TempDir static Path directory;

  static FlowStore store;
  static SampleFlows samples;
  static Dashboard readOnly;
  static Dashboard withActions;

  private ChromeDriver browser;

  @BeforeAll
  static void start() {
    store = FlowStores.open("sqlite:" + directory.resolve("flows.db"));
    samples = new SampleFlows(store);
    readOnly = Dashboard.builder(store).port(0).refreshPeriod(Duration.ofMillis(200)).start();
    withActions = Dashboard.builder(store).port(0).refreshPeriod(Duration.ofMillis(200)).allowActions(samples)
        .accessToken(TOKEN).start();
  }

  @AfterAll
  static void stop() {
    if (readOnly != null) {
      readOnly.close();
      withActions.close();
    }
    samples.close();
    store.close();
  }

  @BeforeEach
  void openBrowser(@TempDir Path profile) {
    browser = Chromium.start(profile);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theListFiltersByStateInTheBrowser() {
    browser.get(readOnly.uri().resolve("/flows").toString());
    assertThat(rowStates()).contains("SUCCESS", "REVERTED", "FAILURE", "SUSPENDED", "RUNNING");
    screenshot("dashboard-flows.png");

    browser.findElement(By.cssSelector("input[name=state][value=REVERTED]")).click();
    browser.findElement(By.cssSelector("input[name=state][value=FAILURE]")).click();
    browser.findElement(By.cssSelector("#filter button[type=submit]")).click();

    wait(10).until(ExpectedConditions.urlContains("state=REVERTED"));
    assertThat(rowStates()).isNotEmpty().allMatch(state -> state.equals("REVERTED") || state.equals("FAILURE"));
    assertThat(browser.findElement(By.cssSelector("input[name=state][value=REVERTED]")).isSelected()).isTrue();
  }

  @Test
  void aFlowPageShowsItsAtomsTimelineAndFailure() {
    browser.get(readOnly.uri().resolve("/flows/" + samples.reverted).toString());

    assertThat(browser.findElements(By.cssSelector("svg#graph g.atom"))).hasSize(3);
    assertThat(browser.findElement(By.cssSelector("svg#graph g.atom[data-atom=boot-vm]")).getAttribute("data-state"))
        .isEqualTo("REVERTED");
    assertThat(browser.findElements(By.cssSelector("#timeline .lane[data-action=execute]"))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(browser.findElements(By.cssSelector("#timeline .lane[data-action=revert]"))).isNotEmpty();
    WebElement failure = browser.findElement(By.cssSelector("#failures .failure[data-atom=boot-vm]"));
    assertThat(failure.getText()).contains("hypervisor refused: no capacity left in zone eu-1", "IllegalStateException");
    assertThat(browser.findElement(By.id("retries")).getText()).contains("failed: boot-vm");
    screenshot("dashboard-flow-failed.png");
  }

  @Test
  void aRunningFlowsPageUpdatesWithoutAReload() {
    browser.get(readOnly.uri().resolve("/flows/" + samples.running).toString());
    assertThat(browser.findElement(By.id("flow-state")).getText()).isEqualTo("RUNNING");
    assertThat(browser.findElement(By.cssSelector("svg#graph g.atom[data-atom=render]")).getAttribute("data-state"))
        .isEqualTo("RUNNING");
    assertThat(browser.findElement(By.id("flow-live")).getAttribute("data-updates"))
        .as("no update is pushed while nothing changed").isNull();
    screenshot("dashboard-flow-running.png");
    browser.executeScript("window.sameDocument = 'yes';");

    samples.release();

    wait(20).until(driver -> driver.findElement(By.id("flow-state")).getText().equals("SUCCESS"));
    assertThat(browser.executeScript("return window.sameDocument;")).isEqualTo("yes");
    assertThat(browser.executeScript(
        "return document.querySelector('svg#graph g.atom[data-atom=render]').getAttribute('data-state');"))
        .isEqualTo("SUCCESS");
  }

  @Test
  void anAllowedActionResumesTheFlowAfterConfirmation() {
    String suspended = samples.suspendedRun();
    browser.get(withActions.uri().resolve("/flows/" + suspended + "?token=" + TOKEN).toString());
    assertThat(browser.findElement(By.id("flow-state")).getText()).isEqualTo("SUSPENDED");

    browser.findElement(By.id("revert")).click();
    wait(5).until(ExpectedConditions.alertIsPresent()).dismiss();
    assertThat(store.flow(suspended).orElseThrow().state()).isEqualTo(FlowState.SUSPENDED);

    browser.findElement(By.id("resume")).click();
    wait(5).until(ExpectedConditions.alertIsPresent()).accept();

    wait(10).until(driver -> !driver.findElements(By.id("notice")).isEmpty());
    assertThat(browser.findElement(By.id("notice")).getText()).contains("Resume started");
    await().until(() -> store.flow(suspended).orElseThrow().state() == FlowState.SUCCESS);
    wait(20).until(driver -> driver.findElement(By.id("flow-state")).getText().equals("SUCCESS"));
  }

  @Test
  void anActionIsRefusedWhenNotAllowed() {
    browser.get(readOnly.uri().resolve("/flows/" + samples.suspended).toString());

    assertThat(browser.findElement(By.id("resume")).isEnabled()).isFalse();
    assertThat(browser.findElement(By.id("revert")).isEnabled()).isFalse();
    assertThat(browser.findElement(By.cssSelector(".actions")).getText()).contains("Actions are disabled");
    assertThat(store.flow(samples.suspended).orElseThrow().state()).isEqualTo(FlowState.SUSPENDED);
  }

  @Test
  void aMalformedFilterShowsAnErrorPageNotATrace() {
    browser.get(readOnly.uri().resolve("/flows?state=EXPLODED").toString());

    assertThat(browser.findElement(By.id("error")).getText()).contains("unknown state 'EXPLODED' in filter 'state'");
    assertThat(browser.getPageSource()).doesNotContain("at io.taskflow4j");
  }

  private List<String> rowStates() {
    return browser.findElements(By.cssSelector("#flows tbody tr")).stream().map(row -> row.getAttribute("data-state")).toList();
  }

  /** A wait that looks again when a live update replaced the element it was reading. */
  private WebDriverWait wait(int seconds) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private void screenshot(String name) {
    String folder = System.getProperty("taskflow4j.screenshots");
    if (folder == null || folder.isBlank()) {
      return;
    }
    try {
      Path target = Path.of(folder).resolve(name);
      Files.createDirectories(target.getParent());
      Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
