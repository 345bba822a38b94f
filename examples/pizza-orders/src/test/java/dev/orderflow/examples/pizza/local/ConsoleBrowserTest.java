package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The local console of the example's system in headless Chromium: an order's journey page fills in
 * with its final status, the workflow's graph with the path taken, and the email; the Queues view
 * redrives a dead-letter queue. Skipped, and no system started, without Chromium and chromedriver
 * (Debian's packages), as {@link GraphiqlBrowserTest} is. With the system property
 * {@code orderflow.screenshots} naming a folder, it saves the screenshots that docs/local.md shows.
 */
@EnabledIf(value = "browserInstalled",
    disabledReason = HeadlessChromium.NOT_INSTALLED)
class ConsoleBrowserTest {

  private static final String SCREENSHOTS = System.getProperty("orderflow.screenshots");

  @RegisterExtension
  static HeadlessChromium chromium = HeadlessChromium.of("--window-size=1400,1300");

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::pizzaOrders, "PizzaOrders",
      settings -> settings.redeliveryDelay(Duration.ofMillis(300)).retryDelayScale(0.01));

  static boolean browserInstalled() {
    return HeadlessChromium.installed();
  }

  @Test
  void theJourneyPageShowsTheFinalStatusThePathThroughTheWorkflowAndTheEmail(LocalSystem system) throws IOException {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    String id = GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey()).postOrder("Console Pizza", 2);
    WebDriverWait wait = new WebDriverWait(chromium.driver(), Duration.ofSeconds(60));

    chromium.driver().get(system.consoleUrl().resolve("orders/" + id).toString());
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
    chromium.driver().findElement(By.cssSelector("svg.workflow-graph g.node[data-state='Pay']")).click();
    String detail = wait.until(driver -> {
      String text = driver.findElement(By.cssSelector(".state-detail")).getText();
      return text.contains("Task request") ? text : null;
    });
    chromium.driver().executeScript("window.scrollTo(0, 0)");
    screenshot("console-journey.png");
    chromium.driver().executeScript("document.querySelector('.execution').scrollIntoView()");
    screenshot("console-workflow.png");

    assertThat(status).contains(status.contains("SUCCESS") ? "SUCCESS" : "FAILED");
    assertThat(visited.stream().map(state -> state.getDomAttribute("data-state")))
        .contains("Start", "Pay", "End");
    assertThat(chromium.driver().findElements(By.cssSelector("svg.workflow-graph g.node.not-visited[data-state]"))).isNotEmpty();
    assertThat(detail).contains("Pay").contains(id);
    assertThat(email.getText()).contains(CloudAssemblies.NOTIFICATION_EMAIL).contains(id).contains("Console Pizza");
    system.awaitQuiet(Duration.ofSeconds(30));
  }

  @Test
  void theGraphiqlPageLinksToTheConsole(LocalSystem system) {
    chromium.driver().get(system.graphql().orElseThrow().graphiqlUrl().toString());
    WebElement link = new WebDriverWait(chromium.driver(), Duration.ofSeconds(30))
        .until(driver -> driver.findElement(By.id("orderflow-console-link")));

    assertThat(link.getDomAttribute("href")).isEqualTo(system.consoleUrl().toString());
    assertThat(link.getText()).contains("console");
  }

  @Test
  void theQueuesViewShowsADeadLetteredMessageAndRedrivesItToItsSource(LocalSystem system) throws IOException {
    system.sendMessage(Orders.orderQueue(system), "{\"order\":\"browser-poison\"}");
    system.awaitQuiet(Duration.ofSeconds(60));
    WebDriverWait wait = new WebDriverWait(chromium.driver(), Duration.ofSeconds(60));

    chromium.driver().get(system.consoleUrl().resolve("queues").toString());
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
      Files.write(folder.resolve(name), chromium.driver().getScreenshotAs(OutputType.BYTES));
    }
  }
}
