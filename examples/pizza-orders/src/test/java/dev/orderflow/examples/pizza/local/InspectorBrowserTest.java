package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import dev.orderflow.local.appsync.RequestTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The query inspector and the resolver evaluator of the local GraphiQL page in headless Chromium:
 * postOrder run from GraphiQL opens its trace, with the resolver and its functions in order; a
 * function's code is run again from the trace in the evaluator; and the evaluator marks the line of a
 * syntax error. Skipped, and no local system started, without Chromium and its driver.
 *
 * <p>With the system property {@code orderflow.screenshots} naming a folder, the trace and the
 * evaluator are saved there as PNG images (the documentation's pictures are made so).
 */
@ResourceLock(CloudAssemblies.SHARED_SYSTEM)
@EnabledIf(value = "browserInstalled", disabledReason = HeadlessChromium.NOT_INSTALLED)
class InspectorBrowserTest extends HeadlessChromium.BrowserTest {

  private static final String POST_ORDER = "mutation PostOrder {\n"
      + "  postOrder(input: {name: \"Traced Pizza\", quantity: 2, restaurantId: \"Dominos Pizza\"}) {\n"
      + "    id name orderStatus\n  }\n}";

  @Test
  void postOrderRunFromGraphiqlOpensItsTraceWithTheResolverTree(LocalSystem system) throws IOException {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    chromium.driver().get(endpoint.graphiqlUrl().toString());
    chromium.typeQuery(POST_ORDER);
    chromium.execute();
    chromium.responseContaining("PENDING");

    // The traces pane opens by itself with the run's trace.
    chromium.waiting().until(d -> d.findElement(By.cssSelector(".of-trace .of-step[data-path='postOrder']")).isDisplayed());
    WebElement trace = chromium.driver().findElement(By.cssSelector(".of-trace"));
    String requestId = trace.getDomAttribute("data-request-id");
    List<String> functions = trace.findElements(By.cssSelector(".of-step[data-kind='FUNCTION']")).stream()
        .map(f -> f.getDomAttribute("data-name")).toList();
    WebElement postOrder = trace.findElement(By.cssSelector(".of-step[data-path='postOrder'] > summary"));

    RequestTrace recorded = system.requests().get(requestId).orElseThrow();
    assertThat(recorded.operationName()).isEqualTo("PostOrder");
    assertThat(functions).containsExactly("ValidateOrderInput", "RecordOrder", "SendOrder", "ForgetUnqueuedOrder");
    assertThat(postOrder.getText()).contains("PIPELINE").contains("postOrder").contains("Mutation.postOrder");
    assertThat(trace.getText()).contains("mutation PostOrder").contains("HTTP 200");
    // The recent requests list names the run.
    assertThat(chromium.driver().findElement(By.cssSelector(".of-recent-item[data-request-id='" + requestId + "']"))
        .getText()).contains("mutation PostOrder");

    // Open the SendOrder step: its data source call, the signed request to the queue, is shown.
    WebElement send = trace.findElement(By.cssSelector(".of-step[data-name='SendOrder']"));
    send.findElement(By.tagName("summary")).click();
    send.findElements(By.cssSelector(".of-section > summary")).stream()
        .filter(s -> s.getText().startsWith("data source calls")).findFirst().orElseThrow().click();
    assertThat(send.getText()).contains("AmazonSQS.SendMessage").contains("Signature=…");
    screenshot("debugging-a-request.png");
    system.awaitQuiet(Duration.ofSeconds(60));
  }

  @Test
  void aFunctionOfATraceIsEvaluatedAgainFromTheEvaluator(LocalSystem system) throws IOException {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    chromium.driver().get(endpoint.graphiqlUrl().toString());
    chromium.typeQuery(POST_ORDER.replace("Traced Pizza", "Evaluated Pizza"));
    chromium.execute();
    chromium.responseContaining("PENDING");
    WebElement record = chromium.waiting().until(d -> d.findElement(By.cssSelector(".of-step[data-name='RecordOrder']")));
    record.findElement(By.tagName("summary")).click();

    record.findElement(By.xpath(".//button[text()='evaluate this code']")).click();
    WebElement evaluator = chromium.waiting().until(d -> d.findElement(By.cssSelector(".of-evaluator")));
    chromium.waiting().until(d -> evaluator.findElement(By.cssSelector(".of-context")).getDomProperty("value")
        .contains("Evaluated Pizza"));
    String chosen = evaluator.findElement(By.cssSelector(".of-resolver-select")).getDomProperty("value");
    evaluator.findElement(By.cssSelector(".of-run")).click();
    String result = chromium.waiting().until(d -> {
      List<WebElement> shown = evaluator.findElements(By.cssSelector(".of-result pre"));
      return shown.isEmpty() ? null : shown.get(0).getText();
    });

    assertThat(chosen).isEqualTo("RecordOrder");
    assertThat(result).contains("\"operation\": \"UpdateItem\"").contains("Evaluated Pizza");
    assertThat(evaluator.findElement(By.cssSelector(".of-code")).getText()).contains("export function request");
    system.awaitQuiet(Duration.ofSeconds(60));
  }

  @Test
  void theEvaluatorPageMarksTheLineOfASyntaxError(LocalSystem system) throws IOException {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    chromium.driver().get(endpoint.evaluatorUrl().toString());
    WebElement evaluator = chromium.waiting().until(d -> d.findElement(By.cssSelector(".of-evaluator")));
    chromium.waiting().until(d -> evaluator.findElement(By.cssSelector(".of-code")).getText().contains("export"));

    evaluator.findElement(By.xpath(".//button[text()='edit']")).click();
    WebElement code = evaluator.findElement(By.cssSelector(".of-code-edit"));
    code.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    code.sendKeys("export function request(ctx) {\n  return { id: };\n}\n");
    evaluator.findElement(By.xpath(".//button[text()='show lines']")).click();
    evaluator.findElement(By.cssSelector(".of-run")).click();
    WebElement marked = chromium.waiting().until(d -> d.findElement(By.cssSelector(".of-line-error")));

    assertThat(marked.getDomAttribute("data-line")).isEqualTo("2");
    assertThat(evaluator.findElement(By.cssSelector(".of-answer .of-error")).getText())
        .contains("SYNTAX_ERROR").contains("line 2");
    screenshot("evaluating-a-resolver.png");
  }

  private static void screenshot(String name) throws IOException {
    String folder = System.getProperty("orderflow.screenshots");
    if (folder == null || folder.isBlank()) {
      return;
    }
    Path target = Path.of(folder).resolve(name);
    Files.createDirectories(target.getParent());
    Files.write(target, chromium.driver().getScreenshotAs(OutputType.BYTES));
  }
}
