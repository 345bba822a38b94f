package dev.orderflow.examples.pizza.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import dev.orderflow.local.LocalSystemExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by its chromedriver, for the tests of the local GraphiQL page.
 * The system properties {@code orderflow.chromium} and {@code orderflow.chromedriver} point elsewhere;
 * Selenium's driver manager cannot download a browser here.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path CHROMIUM = Path.of(System.getProperty("orderflow.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("orderflow.chromedriver", "/usr/bin/chromedriver"));
  static final String NOT_INSTALLED = "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";

  final ChromeDriver browser;
  private final Path profile;

  private HeadlessChromium(ChromeDriver browser, Path profile) {
    this.browser = browser;
    this.profile = profile;
  }

  static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** A browser with a fresh profile and a window of the given size. */
  static HeadlessChromium open(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("orderflow-chromium-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    return new HeadlessChromium(new ChromeDriver(service, options), profile);
  }

  WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  JavascriptExecutor js() {
    return browser;
  }

  /** Puts a document into GraphiQL's query editor. */
  void typeQuery(String document) {
    WebElement editor = waiting().until(d -> d.findElement(By.cssSelector(".graphiql-query-editor .CodeMirror")));
    js().executeScript("arguments[0].CodeMirror.setValue(arguments[1]);", editor, document);
  }

  /** The text of GraphiQL's response pane once it holds {@code expected}. */
  String responseContaining(String expected) {
    return waiting().until(driver -> {
      Object text = js().executeScript(
          "const r = document.querySelector('.graphiql-response .CodeMirror'); return r ? r.CodeMirror.getValue() : '';");
      return text != null && text.toString().contains(expected) ? text.toString() : null;
    });
  }

  /**
   * Presses GraphiQL's run button. GraphiQL draws the button again once it has parsed the editor's
   * text: for a document of several operations (the page opens with the API's own) the button opens
   * a menu to pick one. So the button is looked up afresh until it is the plain one of a single
   * operation, and pressed then.
   */
  void execute() {
    waiting().ignoring(StaleElementReferenceException.class).until(driver -> {
      WebElement button = driver.findElement(By.cssSelector("button.graphiql-execute-button"));
      if (button.getDomAttribute("aria-haspopup") != null) {
        return false;
      }
      button.click();
      return true;
    });
  }

  /**
   * The base of a test class that drives the example's local system in the browser: one system and
   * one browser for the class. A subclass is annotated
   * {@code @EnabledIf(value = "browserInstalled", disabledReason = HeadlessChromium.NOT_INSTALLED)}, so
   * that without the browser its tests are reported as skipped and no system is started.
   */
  abstract static class BrowserTest {

    @RegisterExtension
    static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::pizzaOrders, "PizzaOrders");

    static HeadlessChromium chromium;

    static boolean browserInstalled() {
      return installed();
    }

    @BeforeAll
    static void openBrowser() throws IOException {
      chromium = open(1500, 1000);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
      if (chromium != null) {
        chromium.close();
      }
    }
  }

  @Override
  public void close() throws IOException {
    browser.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }
}
