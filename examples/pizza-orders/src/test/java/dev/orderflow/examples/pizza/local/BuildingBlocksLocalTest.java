package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.sns.OutboxEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A stack made of the building blocks alone, without the composite, runs locally too. */
class BuildingBlocksLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::buildingBlocks, "OrderBlocks");

  @Test
  void aQueuedOrderIsPaidRecordedAndAnnounced(LocalSystem system) {
    String queue = Orders.orderQueue(system);
    String table = Orders.orderTable(system);
    ObjectNode order = Orders.message("Margherita", 2);

    Orders.place(system, table, queue, order);
    system.awaitQuiet(Duration.ofSeconds(60));

    JsonNode row = Orders.row(system, table, order.get("id").asText());
    assertThat(Orders.text(row, "orderStatus")).isEqualTo("SUCCESS");
    assertThat(Orders.text(row, "paymentId")).isNotBlank();
    List<OutboxEntry> emails = system.emails();
    assertThat(emails).hasSize(1);
    assertThat(emails.get(0).endpoint()).isEqualTo("blocks@example.com");
    assertThat(emails.get(0).message()).contains("\"orderStatus\": \"SUCCESS\"",
        "\"orderId\": \"" + order.get("id").asText() + "\"", "\"quantity\": \"2\"", "\"name\": \"Margherita\"");
  }
}
