package dev.orderflow.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.appsync.RequestTraces;
import dev.orderflow.local.awsapi.ExecutionsView;
import dev.orderflow.local.awsapi.LocalPages;
import dev.orderflow.local.gateway.CallGateway;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console's paths: which answer the page, which JSON, and who is refused. */
class ConsolePagesTest {

  private final ConsolePages pages = new ConsolePages(new Console(new Console.Sources(CallGateway.open(),
      ExecutionsView.NONE, new RequestTraces(10), Optional::empty, List::of)));

  private LocalPages.Answer get(String path, String accept, String host) {
    return pages.serve(new LocalPages.PageRequest("GET", path, Map.of(), accept, host, null)).orElseThrow();
  }

  private static String text(LocalPages.Answer answer) {
    return new String(answer.body(), StandardCharsets.UTF_8);
  }

  @Test
  void everyViewOfTheConsoleIsTheSamePageForABrowser() {
    for (String path : List.of("/_orderflow/", "/_orderflow", "/_orderflow/orders/o-1", "/_orderflow/tables/Orders",
        "/_orderflow/queues", "/_orderflow/workflows", "/_orderflow/outbox")) {
      LocalPages.Answer page = get(path, "text/html,application/xhtml+xml", "127.0.0.1:4566");

      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.contentType()).startsWith("text/html");
      assertThat(text(page)).contains("<script src=\"/_orderflow/console.js\"></script>");
    }
  }

  @Test
  void anOrdersPageAskedForJsonAnswersItsJourney() {
    LocalPages.Answer journey = get("/_orderflow/orders/o-404", "application/json", "localhost:4566");

    assertThat(journey.contentType()).isEqualTo("application/json");
    assertThat(text(journey)).contains("\"id\":\"o-404\"").contains("\"found\":false").contains("\"emails\":[]");
  }

  @Test
  void theOutboxOfASystemThatSentNothingIsEmpty() {
    assertThat(text(get("/_orderflow/api/outbox", null, "[::1]:4566"))).isEqualTo("{\"entries\":[]}");
  }

  @Test
  void anUnknownPathIsLeftToTheEndpointsNotFound() {
    assertThat(pages.serve(new LocalPages.PageRequest("GET", "/_orderflow/nothing-here", Map.of(), null,
        "127.0.0.1", null))).isEmpty();
    assertThat(pages.serve(new LocalPages.PageRequest("DELETE", "/_orderflow/api/queues/q/redrive", Map.of(), null,
        "127.0.0.1", null))).isEmpty();
  }

  @Test
  void aHostThatIsNotLoopbackIsRefusedSoThatDnsRebindingCannotReachIt() {
    LocalPages.Answer refused = get("/_orderflow/api/outbox", null, "attacker.example:4566");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(text(refused)).contains("attacker.example");
  }

  @Test
  void aRedriveFromAnotherSitesPageIsRefused() {
    LocalPages.Answer refused = pages.serve(new LocalPages.PageRequest("POST", "/_orderflow/api/queues/dlq/redrive",
        Map.of(), null, "127.0.0.1:4566", "https://attacker.example")).orElseThrow();

    assertThat(refused.status()).isEqualTo(403);
  }
}
