package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
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
 * The GraphiQL page of the example's local system in a real browser, headless Chromium: it loads
 * with the API key in its headers, runs postOrder, and shows the answer. Without Chromium and its
 * driver (Debian's packages; Selenium's driver manager cannot download them here) its tests are
 * reported as skipped, and no local system is started for them. The system properties
 * {@code orderflow.chromium} and {@code orderflow.chromedriver} point elsewhere.
 */
@EnabledIf(value = "browserInstalled",
    disabledReason = "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
class GraphiqlBrowserTest {

  private static final Path CHROMIUM = Path.of(System.getProperty("orderflow.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("orderflow.chromedriver", "/usr/bin/chromedriver"));

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.shared(CloudAssemblies::pizzaOrders, "PizzaOrders");

  private static ChromeDriver browser;
  private static Path profile;

  static boolean browserInstalled() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  @BeforeAll
  static void openBrowser() throws IOException {
    profile = Files.createTempDirectory("orderflow-chromium-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void closeBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  @Test
  void graphiqlRunsPostOrderWithTheKeyOfThePageAndShowsThePendingOrder(LocalSystem system) {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

    browser.get(endpoint.graphiqlUrl().toString());
    WebElement queryEditor = wait.until(driver -> driver.findElement(By.cssSelector(".graphiql-query-editor .CodeMirror")));
    JavascriptExecutor js = browser;
    // The Headers pane holds the key the page was given.
    String editors = (String) js.executeScript(
        "return Array.from(document.querySelectorAll('.CodeMirror')).map(e => e.CodeMirror.getValue()).join('\\n');");
    js.executeScript("arguments[0].CodeMirror.setValue(arguments[1]);", queryEditor,
        "mutation { postOrder(input: {name: \"Browser Pizza\", quantity: 2, restaurantId: \"Dominos Pizza\"})"
            + " { id name orderStatus } }");
    execute(wait);
    String answer = wait.until(driver -> {
      Object text = js.executeScript(
          "const r = document.querySelector('.graphiql-response .CodeMirror'); return r ? r.CodeMirror.getValue() : '';");
      return text != null && text.toString().contains("orderStatus") ? text.toString() : null;
    });

    assertThat(editors).contains(endpoint.apiKey());
    assertThat(answer).contains("\"postOrder\"").contains("\"name\": \"Browser Pizza\"")
        .contains("\"orderStatus\": \"PENDING\"").doesNotContain("\"errors\"");
    system.awaitQuiet(Duration.ofSeconds(60));
    assertThat(system.emails()).anySatisfy(email -> assertThat(email.message()).contains("Browser Pizza"));
  }

  @Test
  void graphiqlRunsASubscriptionAndShowsTheUpdatesOfAnOrderAsTheyArrive(LocalSystem system) {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(endpoint.graphiqlUrl().toString());
    WebElement queryEditor = wait.until(driver -> driver.findElement(By.cssSelector(".graphiql-query-editor .CodeMirror")));
    JavascriptExecutor js = browser;
    js.executeScript("arguments[0].CodeMirror.setValue(arguments[1]);", queryEditor,
        "subscription { onOrderUpdated { id name orderStatus } }");
    execute(wait);
    // The page's subscription is live once the endpoint counts its subscriber.
    wait.until(driver -> endpoint.subscriptionCount() > 0);

    GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey()).postOrder("Subscribed Pizza", 1);
    String shown = wait.until(driver -> {
      Object text = js.executeScript(
          "const r = document.querySelector('.graphiql-response .CodeMirror'); return r ? r.CodeMirror.getValue() : '';");
      return text != null && text.toString().contains("Subscribed Pizza")
          && (text.toString().contains("SUCCESS") || text.toString().contains("FAILED")) ? text.toString() : null;
    });

    assertThat(shown).contains("\"onOrderUpdated\"").doesNotContain("\"errors\"");
    system.awaitQuiet(Duration.ofSeconds(60));
  }

  /**
   * Presses GraphiQL's run button. GraphiQL draws the button again once it has parsed the editor's
   * text: for a document of several operations (the page opens with the API's own) the button opens
   * a menu to pick one. So the button is looked up afresh until it is the plain one of a single
   * operation, and pressed then.
   */
  private static void execute(WebDriverWait wait) {
    wait.ignoring(StaleElementReferenceException.class).until(driver -> {
      WebElement button = driver.findElement(By.cssSelector("button.graphiql-execute-button"));
      if (button.getDomAttribute("aria-haspopup") != null) {
        return false;
      }
      button.click();
      return true;
    });
  }

}
