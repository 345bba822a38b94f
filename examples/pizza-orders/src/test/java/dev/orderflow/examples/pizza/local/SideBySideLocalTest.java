package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Two runs of one stack in one JVM keep to themselves, and closing one frees what it opened. */
// Counts the JVM's threads: nothing runs beside it.
@Isolated
class SideBySideLocalTest {

  @Test
  void twoRunsDoNotSeeEachOthersOrdersAndClosingOneFreesItsPortsAndThreads() throws Exception {
    Path assembly = CloudAssemblies.buildingBlocks();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (LocalSystem other = LocalSystem.start(assembly, "OrderBlocks")) {
      LocalSystem first = LocalSystem.start(assembly, "OrderBlocks");
      URI tables = first.dynamoDbEndpoint();
      URI queues = first.sqsEndpoint();
      String queue = first.logicalIds("AWS::SQS::Queue").stream()
          .filter(id -> !id.contains("DeadLetter")).findFirst().orElseThrow();
      String table = first.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
      ObjectNode order = Orders.message("Quattro Formaggi", 1);

      Orders.place(first, table, queue, order);
      first.awaitQuiet(Duration.ofSeconds(60));
      other.awaitQuiet(Duration.ofSeconds(60));

      assertThat(Orders.text(Orders.row(first, table, order.get("id").asText()), "orderStatus")).isEqualTo("SUCCESS");
      assertThat(Orders.row(other, table, order.get("id").asText())).isNull();
      assertThat(other.emails()).isEmpty();
      assertThat(other.dynamoDbEndpoint()).isNotEqualTo(tables);

      first.close();

      assertRefused(tables);
      assertRefused(queues);
      // The other run is still open and answers; after it closes too, no thread of either is left.
      assertThat(other.tables().call("ListTables", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode())
          .get("TableNames")).hasSize(1);
      other.close();
      awaitNoNewThreads(before);
    }
  }

  private static void assertRefused(URI endpoint) {
    assertThatThrownBy(() -> new Socket(endpoint.getHost(), endpoint.getPort()).close())
        .as("nothing listens on %s any more", endpoint)
        .isInstanceOf(IOException.class);
  }

  private static void awaitNoNewThreads(Set<Thread> before) throws InterruptedException {
    Set<String> left = Set.of();
    for (int i = 0; i < 100; i++) {
      left = Thread.getAllStackTraces().keySet().stream()
          .filter(thread -> thread.isAlive() && !before.contains(thread))
          .filter(thread -> !isJvmOwned(thread))
          .map(Thread::getName)
          .collect(Collectors.toSet());
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(left).as("threads left after both runs closed").isEmpty();
  }

  /** Threads the JDK itself starts on first use (common pool, HTTP keep-alive) belong to no run. */
  private static boolean isJvmOwned(Thread thread) {
    String name = thread.getName();
    // ForkJoinPool-<n>-worker: the test runner's threads, which a class running beside this one may start.
    return name.startsWith("ForkJoinPool") || name.startsWith("Keep-Alive-Timer")
        || name.startsWith("process reaper") || name.startsWith("Attach Listener") || name.startsWith("Common-Cleaner");
  }
}
