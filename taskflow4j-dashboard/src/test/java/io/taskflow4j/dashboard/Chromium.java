package io.taskflow4j.dashboard;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the system's packages ({@code chromium} and {@code chromium-driver}),
 * driven by Selenium without downloading any browser or driver. Where they are missing the browser
 * tests say so and do not run, unless {@value #REQUIRE_VARIABLE} is true, as in CI, where that
 * is a failure.
 */
final class Chromium {

  static final String REQUIRE_VARIABLE = "TASKFLOW4J_REQUIRE_CHROMIUM";
  private static final Path BROWSER = Path.of(System.getenv().getOrDefault("TASKFLOW4J_CHROMIUM", "/usr/bin/chromium"));
  private static final Path DRIVER = Path.of(System.getenv().getOrDefault("TASKFLOW4J_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private Chromium() {}

  /** Starts a headless browser, or stops the test when there is none and none is required. */
  static ChromeDriver start(Path profile) {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      String missing = "the dashboard's browser tests did not run: no " + (Files.isExecutable(BROWSER) ? DRIVER : BROWSER)
          + " (install Debian's chromium and chromium-driver)";
      if ("true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE))) {
        fail(missing + ", and " + REQUIRE_VARIABLE + " requires them");
      }
      assumeTrue(false, missing);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
