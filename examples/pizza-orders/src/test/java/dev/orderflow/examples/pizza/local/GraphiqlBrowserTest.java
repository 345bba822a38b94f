package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;

/**
 * The GraphiQL page of the example's local system in a real browser, headless Chromium: it loads
 * with the API key in its headers, runs postOrder, and shows the answer. Without Chromium and its
 * driver (Debian's packages; Selenium's driver manager cannot download them here) its tests are
 * reported as skipped, and no local system is started for them (see {@link HeadlessChromium}).
 */
@ResourceLock(CloudAssemblies.SHARED_SYSTEM)
@EnabledIf(value = "browserInstalled", disabledReason = HeadlessChromium.NOT_INSTALLED)
class GraphiqlBrowserTest extends HeadlessChromium.BrowserTest {

  @Test
  void graphiqlRunsPostOrderWithTheKeyOfThePageAndShowsThePendingOrder(LocalSystem system) {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();

    chromium.driver().get(endpoint.graphiqlUrl().toString());
    chromium.waiting().until(driver -> driver.findElement(By.cssSelector(".graphiql-query-editor .CodeMirror")));
    // The Headers pane holds the key the page was given.
    String editors = (String) chromium.js().executeScript(
        "return Array.from(document.querySelectorAll('.CodeMirror')).map(e => e.CodeMirror.getValue()).join('\\n');");
    chromium.typeQuery("mutation { postOrder(input: {name: \"Browser Pizza\", quantity: 2, restaurantId: \"Dominos Pizza\"})"
        + " { id name orderStatus } }");
    chromium.execute();
    String answer = chromium.responseContaining("orderStatus");

    assertThat(editors).contains(endpoint.apiKey());
    assertThat(answer).contains("\"postOrder\"").contains("\"name\": \"Browser Pizza\"")
        .contains("\"orderStatus\": \"PENDING\"").doesNotContain("\"errors\"");
    system.awaitQuiet(Duration.ofSeconds(60));
    assertThat(system.emails()).anySatisfy(email -> assertThat(email.message()).contains("Browser Pizza"));
  }

  @Test
  void graphiqlRunsASubscriptionAndShowsTheUpdatesOfAnOrderAsTheyArrive(LocalSystem system) {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    chromium.driver().get(endpoint.graphiqlUrl().toString());
    chromium.typeQuery("subscription { onOrderUpdated { id name orderStatus } }");
    chromium.execute();
    // The page's subscription is live once the endpoint counts its subscriber.
    chromium.waiting().until(driver -> endpoint.subscriptionCount() > 0);

    GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey()).postOrder("Subscribed Pizza", 1);
    String shown = chromium.waiting().until(driver -> {
      String text = chromium.responseContaining("Subscribed Pizza");
      return text.contains("SUCCESS") || text.contains("FAILED") ? text : null;
    });

    assertThat(shown).contains("\"onOrderUpdated\"").doesNotContain("\"errors\"");
    system.awaitQuiet(Duration.ofSeconds(60));
  }
}
