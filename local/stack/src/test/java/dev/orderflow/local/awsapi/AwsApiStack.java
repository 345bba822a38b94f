package dev.orderflow.local.awsapi;

import dev.orderflow.local.testing.CloudAssemblies;
import java.nio.file.Path;

/**
 * A handwritten stack with one resource of each kind that the AWS endpoint serves: a table, a queue
 * with its dead-letter queue, a topic with an email subscription, a rule on the default bus into a
 * queue, a STANDARD state machine (Pass, Choice, a DynamoDB task, Fail) and an EXPRESS one.
 */
final class AwsApiStack {

  static final String NAME = "AwsApi";
  private static final Path TEMPLATE = Path.of("src/test/resources/dev/orderflow/local/awsapi/awsapi.template.json");

  private AwsApiStack() {
  }

  static Path cloudAssembly(Path directory) {
    return CloudAssemblies.oneStack(directory, NAME, TEMPLATE);
  }
}
