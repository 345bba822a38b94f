package dev.orderflow.local.events;

import dev.orderflow.local.testing.CloudAssemblies;
import java.nio.file.Path;

/**
 * A handwritten stack with a custom event bus and rules on it and on the default bus: an SQS
 * target through an input transformer, a disabled rule, an AppSync target running an IAM-only
 * mutation that a subscription listens to, and a target that keeps failing into a dead-letter queue.
 */
public final class EventsStack {

  /** The stack's name in the cloud assembly. */
  public static final String NAME = "Events";
  private static final Path TEMPLATE = Path.of("src/test/resources/dev/orderflow/local/events/events.template.json");

  private EventsStack() {
  }

  /**
   * Writes a cloud assembly holding the stack.
   *
   * @param directory an empty directory
   * @return the directory, as {@code cdk.out}
   */
  public static Path cloudAssembly(Path directory) {
    return CloudAssemblies.oneStack(directory, NAME, TEMPLATE);
  }
}
