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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The local console of the example's system in headless Chromium: an order's journey page fills in
 * with its final status, the workflow's graph with the path taken, and the email; the Queues view
 * redrives a dead-letter queue. Skipped, and no system started, without Chromium and chromedriver
 * (Debian's packages), as {@link GraphiqlBrowserTest} is. With the system property
 * {@code orderflow.screenshots} naming a folder, it saves the screenshots that docs/local.md shows.
 */
@EnabledIf(value = "browserInstalled",
    disabledReason = "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
class ConsoleBrowserTest {

  private static final Path CHROMIUM = Path.of(System.getProperty("orderflow.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("orderflow.chromedriver", "/usr/bin/chromedriver"));
  private static final String SCREENSHOTS = System.getProperty("orderflow.screenshots");

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::pizzaOrders, "PizzaOrders",
      settings -> settings.redeliveryDelay(Duration.ofMillis(300)).retryDelayScale(0.01));

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
            "--window-size=1400,1300", "--user-data-dir=" + profile);
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
  void theJourneyPageShowsTheFinalStatusThePathThroughTheWorkflowAndTheEmail(LocalSystem system) throws IOException {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    String id = GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey()).postOrder("Console Pizza", 2);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

    browser.get(system.consoleUrl().resolve("orders/" + id).toString());
    String status = wait.until(driver -> {
      String text = driver.findElement(By.cssSelector(".order-status")).getText();
      return text.contains("SUCCESS") || text.contains("FAILED") ? text : null;
    });
    WebElement email = wait.until(driver -> driver.findElements(By.cssSelector(".email")).stream().findFirst()
        .orElse(null));
    List<WebElement> visited = wait.until(driver -> {
      List<WebElement> states = driver.findElements(By.cssSelector("svg.workflow-graph g.node.succeeded[data-state]"));
      return states.size() > 3 ? states : null;
    });
    browser.findElement(By.cssSelector("svg.workflow-graph g.node[data-state='Pay']")).click();
    String detail = wait.until(driver -> {
      String text = driver.findElement(By.cssSelector(".state-detail")).getText();
      return text.contains("Task request") ? text : null;
    });
    browser.executeScript("window.scrollTo(0, 0)");
    screenshot("console-journey.png");
    browser.executeScript("document.querySelector('.execution').scrollIntoView()");
    screenshot("console-workflow.png");

    assertThat(status).contains(status.contains("SUCCESS") ? "SUCCESS" : "FAILED");
    assertThat(visited.stream().map(state -> state.getDomAttribute("data-state")))
        .contains("Start", "Pay", "End");
    assertThat(browser.findElements(By.cssSelector("svg.workflow-graph g.node.not-visited[data-state]"))).isNotEmpty();
    assertThat(detail).contains("Pay").contains(id);
    assertThat(email.getText()).contains(CloudAssemblies.NOTIFICATION_EMAIL).contains(id).contains("Console Pizza");
    system.awaitQuiet(Duration.ofSeconds(30));
  }

  @Test
  void theQueuesViewShowsADeadLetteredMessageAndRedrivesItToItsSource(LocalSystem system) throws IOException {
    system.sendMessage(Orders.orderQueue(system), "{\"order\":\"browser-poison\"}");
    system.awaitQuiet(Duration.ofSeconds(60));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

    browser.get(system.consoleUrl().resolve("queues").toString());
    WebElement dlq = wait.until(driver -> driver.findElements(By.cssSelector("section.dlq")).stream()
        .filter(section -> !section.findElements(By.cssSelector("button.redrive")).isEmpty()).findFirst().orElse(null));
    dlq.findElement(By.xpath(".//button[text()='Show messages']")).click();
    wait.until(driver -> dlq.getText().contains("browser-poison"));
    screenshot("console-queues.png");
    dlq.findElement(By.cssSelector("button.redrive")).click();
    String note = wait.until(driver -> {
      List<WebElement> notes = dlq.findElements(By.cssSelector(".note"));
      return notes.isEmpty() ? null : notes.get(0).getText();
    });

    assertThat(note).contains("Redrive started");
    // Back in its source queue, the message is run three more times before it is dead-lettered again.
    wait.until(driver -> system.executions().stream().filter(e -> e.input().contains("browser-poison")).count() >= 6);
    system.awaitQuiet(Duration.ofSeconds(60));
  }

  private static void screenshot(String name) throws IOException {
    if (SCREENSHOTS != null) {
      Path folder = Files.createDirectories(Path.of(SCREENSHOTS));
      Files.write(folder.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
  }
}
