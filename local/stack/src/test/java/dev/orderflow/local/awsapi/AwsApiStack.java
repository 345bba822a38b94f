package dev.orderflow.local.awsapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
    try {
      Files.copy(TEMPLATE, directory.resolve(NAME + ".template.json"));
      Files.writeString(directory.resolve("manifest.json"), "{\"version\":\"54.0.0\",\"artifacts\":{\"" + NAME
          + "\":{\"type\":\"aws:cloudformation:stack\",\"environment\":\"aws://unknown-account/unknown-region\","
          + "\"properties\":{\"templateFile\":\"" + NAME + ".template.json\"},\"displayName\":\"" + NAME + "\"}}}");
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
