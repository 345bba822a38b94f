package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.testing.RealtimeClient;
import dev.orderflow.local.events.EventsStack;
import dev.orderflow.local.events.PutEventsEntry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EventBridge rule's AppSync target on the local system: the event runs an IAM-only mutation as
 * the target's role, and the mutation fires the subscriptions that listen to it, filtered per owner.
 */
class EventBridgeAppSyncTargetTest {

  private static final String ON_OWN_UPDATE = "subscription { onOwnUpdate { id owner status } }";

  @TempDir
  static Path directory;
  private static LocalSystem system;

  @BeforeAll
  static void start() {
    system = LocalSystem.start(EventsStack.cloudAssembly(directory), EventsStack.NAME);
  }

  @AfterAll
  static void stop() {
    system.close();
  }

  private static Map<String, String> cognito(String sub) {
    return Map.of("host", "localhost", "Authorization", ExampleStack.cognitoToken(sub, sub));
  }

  private static PutEventsEntry statusChanged(String id, String owner, String status) {
    return PutEventsEntry.of("orders", "orderflow.orders", "OrderStatusChanged",
        "{\"id\":\"" + id + "\",\"customerId\":\"" + owner + "\",\"orderStatus\":\"" + status + "\"}");
  }

  @Test
  void eventsOnTheBusReachTheOwnersSubscriptionInOrderOverTls() {
    AppSyncEndpoint api = system.graphql().orElseThrow();
    URI wss = URI.create("wss://localhost:" + api.port() + "/graphql/realtime");
    try (RealtimeClient pat = RealtimeClient.connect(RealtimeClient.trusting(system.certificate().orElseThrow()), wss,
        cognito("sub-pat"));
         RealtimeClient kim = RealtimeClient.connect(api.realtimeUrl(), cognito("sub-kim"))) {
      pat.init();
      kim.init();
      assertThat(pat.start("p", ON_OWN_UPDATE, Map.of(), cognito("sub-pat")).path("type").asText()).isEqualTo("start_ack");
      assertThat(kim.start("k", ON_OWN_UPDATE, Map.of(), cognito("sub-kim")).path("type").asText()).isEqualTo("start_ack");

      system.putEvents(List.of(statusChanged("pizza-1", "sub-pat", "PENDING")));
      system.putEvents(List.of(statusChanged("pizza-1", "sub-pat", "SUCCESS")));
      system.awaitQuiet(Duration.ofSeconds(10));

      JsonNode first = pat.next();
      JsonNode second = pat.next();
      assertThat(first.path("payload").path("data").path("onOwnUpdate").path("status").asText()).isEqualTo("PENDING");
      assertThat(second.path("payload").path("data").path("onOwnUpdate").path("status").asText()).isEqualTo("SUCCESS");
      assertThat(kim.next(Duration.ofMillis(300))).isNull();
      assertThat(system.eventBuses().failedDeliveries()).isEmpty();
    }
  }
}
