package dev.orderflow.examples.pizza.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by its chromedriver, for the tests of a class: started before
 * them with a profile of its own, quit and its profile deleted after them. The system properties
 * {@code orderflow.chromium} and {@code orderflow.chromedriver} point elsewhere. Selenium's driver
 * manager cannot download a browser here, so a test class asks {@link #installed()} in its
 * {@code @EnabledIf} and is skipped without one.
 */
final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

  private static final Path CHROMIUM = Path.of(System.getProperty("orderflow.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("orderflow.chromedriver", "/usr/bin/chromedriver"));

  private final String[] arguments;
  private Path profile;
  private ChromeDriver driver;

  private HeadlessChromium(String... arguments) {
    this.arguments = arguments.clone();
  }

  /**
   * A browser for a test class, to register with {@code @RegisterExtension}.
   *
   * @param arguments Chromium arguments besides those of a quiet headless run, e.g. a window size
   */
  static HeadlessChromium of(String... arguments) {
    return new HeadlessChromium(arguments);
  }

  /** Whether Chromium and chromedriver are there. */
  static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** The running browser. */
  ChromeDriver driver() {
    return driver;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    profile = Files.createTempDirectory("orderflow-chromium-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile)
        .addArguments(arguments);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
