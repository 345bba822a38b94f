package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import dev.orderflow.local.testing.NodeTests;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Amplify v6 (npm {@code aws-amplify}) subscribes to the local endpoint from Node.js, over
 * {@code wss://} as it always connects, trusting the endpoint's certificate through
 * {@code NODE_EXTRA_CA_CERTS}, and receives the updates. The Node.js side is
 * {@code src/test/node/amplify-subscription.test.mjs}, under Node's test runner; Maven installs its
 * packages from the committed lock.
 */
class AmplifyClientTest {

  private static final Path TEMPLATE = Path.of("src/test/resources/dev/orderflow/local/appsync/realtime.template.json");

  @Test
  void amplifySubscriptionReceivesUpdatesOverTls() throws Exception {
    assertThat(NodeTests.FOLDER.resolve("node_modules/aws-amplify")).as("npm ci in " + NodeTests.FOLDER
        + " (the Maven build runs it) installs aws-amplify").isDirectory();
    StackTemplate template = StackTemplate.of(TEMPLATE, "Realtime");
    ReferenceRegistry registry = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);
    try (AppSyncEndpoint endpoint = AppSyncEndpoint.builder(new TemplateResolver(registry), registry).start()) {
      NodeTests.run("amplify-subscription.test.mjs", 1, Map.of(
          "ORDERFLOW_GRAPHQL_URL", endpoint.graphqlUrl().toString(),
          "ORDERFLOW_API_KEY", endpoint.apiKey(),
          "NODE_EXTRA_CA_CERTS", endpoint.certificate().toAbsolutePath().toString()));
    }
  }
}
