package dev.orderflow.examples.pizza;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The example's whole template against the committed snapshot. A change to the template fails
 * this test until the snapshot is refreshed on purpose:
 * {@code ./mvnw verify -Dsnapshot.update=true}, then review and commit the file.
 *
 * <p>The payment function's asset hash is part of the snapshot; it is stable because the Lambda
 * artifact is built reproducibly.
 */
// Uses the CDK in its test (one jsii runtime for the JVM): nothing runs beside it.
@Isolated
class PizzaOrdersSnapshotTest {

  private static final Path SNAPSHOT = Path.of("src/test/resources/snapshots/PizzaOrders.template.json");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void synthesizesTheCommittedTemplate() throws IOException {
    PizzaOrdersStack stack = new PizzaOrdersStack(new App(), "PizzaOrders", StackProps.builder().build());
    // Sorted keys: the snapshot's order does not depend on the order constructs were added in.
    String synthesized = JSON.writeValueAsString(JSON.convertValue(Template.fromStack(stack).toJSON(), Object.class)) + "\n";

    if (Boolean.getBoolean("snapshot.update")) {
      Files.createDirectories(SNAPSHOT.getParent());
      Files.writeString(SNAPSHOT, synthesized, StandardCharsets.UTF_8);
    }

    assertThat(SNAPSHOT)
        .as("snapshot %s; refresh it with -Dsnapshot.update=true after checking the change", SNAPSHOT)
        .exists();
    assertThat(synthesized).isEqualTo(Files.readString(SNAPSHOT, StandardCharsets.UTF_8));
  }
}
