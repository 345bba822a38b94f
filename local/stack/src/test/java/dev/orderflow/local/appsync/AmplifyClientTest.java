package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Amplify v6 (npm {@code aws-amplify}) subscribes to the local endpoint from Node.js, over
 * {@code wss://} as it always connects, trusting the endpoint's certificate through
 * {@code NODE_EXTRA_CA_CERTS}, and receives the updates. The Node.js side is
 * {@code src/test/node/amplify-subscription.test.mjs}, under Node's test runner; Maven installs its
 * packages from the committed lock.
 */
class AmplifyClientTest {

  private static final Path NODE_TESTS = Path.of("src/test/node");
  private static final Path TEMPLATE = Path.of("src/test/resources/dev/orderflow/local/appsync/realtime.template.json");

  @Test
  void amplifySubscriptionReceivesUpdatesOverTls() throws Exception {
    assertThat(NODE_TESTS.resolve("node_modules/aws-amplify")).as("npm ci in " + NODE_TESTS
        + " (the Maven build runs it) installs aws-amplify").isDirectory();
    StackTemplate template = StackTemplate.of(TEMPLATE, "Realtime");
    ReferenceRegistry registry = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);
    try (AppSyncEndpoint endpoint = AppSyncEndpoint.builder(new TemplateResolver(registry), registry).start()) {
      ProcessBuilder node = new ProcessBuilder("node", "--experimental-websocket", "--no-warnings", "--test",
          "--test-force-exit", "amplify-subscription.test.mjs")
          .directory(NODE_TESTS.toFile())
          .redirectErrorStream(true);
      node.environment().put("ORDERFLOW_GRAPHQL_URL", endpoint.graphqlUrl().toString());
      node.environment().put("ORDERFLOW_API_KEY", endpoint.apiKey());
      node.environment().put("NODE_EXTRA_CA_CERTS", endpoint.certificate().toAbsolutePath().toString());
      Path log = Files.createTempFile("amplify-test", ".log");
      node.redirectOutput(log.toFile());
      Process process = node.start();
      boolean finished = process.waitFor(90, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);

      assertThat(finished).as("Node's test runner ends within 90 seconds:\n" + output).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("# pass 1").contains("# fail 0");
    }
  }
}
