package dev.orderflow.examples.pizza.local;

import dev.orderflow.local.LocalSystemExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
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
 * Debian's Chromium, headless, driven by its chromedriver, for the tests of a class: started before
 * them with a profile of its own, quit and its profile deleted after them. The system properties
 * {@code orderflow.chromium} and {@code orderflow.chromedriver} point elsewhere. Selenium's driver
 * manager cannot download a browser here, so a test class asks {@link #installed()} in its
 * {@code @EnabledIf} and is skipped without one.
 */
final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

  static final String NOT_INSTALLED = "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";

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

  /** Whether Chromium and chromedriver are there (read at each call, so that a test can hide them). */
  static boolean installed() {
    return Files.isExecutable(chromium()) && Files.isExecutable(chromedriver());
  }

  private static Path chromium() {
    return Path.of(System.getProperty("orderflow.chromium", "/usr/bin/chromium"));
  }

  private static Path chromedriver() {
    return Path.of(System.getProperty("orderflow.chromedriver", "/usr/bin/chromedriver"));
  }

  /** The running browser. */
  ChromeDriver driver() {
    return driver;
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  JavascriptExecutor js() {
    return driver;
  }

  /** Puts a document into GraphiQL's query editor. */
  void typeQuery(String document) {
    WebElement editor = waiting().until(d -> d.findElement(By.cssSelector(".graphiql-query-editor .CodeMirror")));
    js().executeScript("arguments[0].CodeMirror.setValue(arguments[1]);", editor, document);
  }

  /** The text of GraphiQL's response pane once it holds {@code expected}. */
  String responseContaining(String expected) {
    return waiting().until(d -> {
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
    waiting().ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement button = d.findElement(By.cssSelector("button.graphiql-execute-button"));
      if (button.getDomAttribute("aria-haspopup") != null) {
        return false;
      }
      button.click();
      return true;
    });
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    profile = Files.createTempDirectory("orderflow-chromium-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(chromium().toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile)
        .addArguments(arguments);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver().toFile())
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

  /**
   * The base of a test class that drives the example's local system in GraphiQL: one system and
   * one browser for the class. A subclass is annotated
   * {@code @EnabledIf(value = "browserInstalled", disabledReason = HeadlessChromium.NOT_INSTALLED)}, so
   * that without the browser its tests are reported as skipped and no system is started.
   */
  abstract static class BrowserTest {

    @RegisterExtension
    static LocalSystemExtension local = LocalSystemExtension.shared(CloudAssemblies::pizzaOrders, "PizzaOrders");

    @RegisterExtension
    static HeadlessChromium chromium = of("--window-size=1500,1000");

    static boolean browserInstalled() {
      return installed();
    }
  }
}
