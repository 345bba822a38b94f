package dev.orderflow.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.client.Authorization;
import dev.orderflow.client.NewOrder;
import dev.orderflow.client.Order;
import dev.orderflow.client.OrderClient;
import dev.orderflow.client.UnauthorizedException;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Each authorization mode of the client and the command line, against a stack built here whose API
 * takes IAM (its default), an API key and OpenID Connect: the caller's identity must arrive in the
 * resolvers, as the customer of the orders it makes.
 */
// Sets the AWS SDK's credential properties, which the default chain of every signer reads.
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class AuthModesLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(Stacks::iamOrders, "IamOrders");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static URI url;
  private static String apiKey;
  /** The secret the local system verifies signatures with; any access key id goes with it. */
  private static String secret;

  @TempDir
  static Path home;

  @BeforeAll
  static void connect(LocalSystem system) {
    url = system.graphql().orElseThrow().graphqlUrl();
    apiKey = system.graphql().orElseThrow().apiKey();
    secret = system.awsCredentials().orElseThrow().secretAccessKey();
  }

  @Test
  void signsWithSigV4AndTheCallersAccessKeyBecomesTheOrdersCustomer(LocalSystem system) {
    OrderClient one = iamClient("AKIACALLERONE");
    OrderClient two = iamClient("AKIACALLERTWO");

    Order order = one.postOrder(NewOrder.builder().name("Signed").quantity(1).restaurantId("Luigi")
        .clientToken("signed-1").build());

    assertThat(customerOf(system, order.id())).startsWith("arn:").endsWith(":user/AKIACALLERONE");
    assertThat(one.getOrder(order.id())).isPresent();
    assertThat(two.getOrder(order.id())).as("another IAM caller's order").isEmpty();
    assertThat(apiKeyClient().getOrder(order.id())).as("seen with the API key").isEmpty();
  }

  @Test
  void theCommandLineSignsWithTheDefaultCredentialsChain(LocalSystem system) throws Exception {
    System.setProperty("aws.accessKeyId", "AKIACOMMANDLINE");
    System.setProperty("aws.secretAccessKey", secret);
    try {
      Cli.Result posted = new Cli(Map.of(), home).run("post", "--url", url.toString(), "--iam", "--region", "us-east-1",
          "--name", "From the shell", "--quantity", "1", "--restaurant", "Luigi", "--json");

      assertThat(posted.code()).as(posted.err()).isZero();
      String id = JSON.readTree(posted.out()).path("id").asText();
      assertThat(customerOf(system, id)).endsWith(":user/AKIACOMMANDLINE");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void sendsABearerTokenWhoseSubjectBecomesTheOrdersCustomer(LocalSystem system) throws Exception {
    String token = jwt("user-42");
    OrderClient client = OrderClient.builder().url(url).authorization(Authorization.bearer(token)).build();

    Order order = client.postOrder(NewOrder.of("Token pizza", 2, "Luigi"));

    assertThat(customerOf(system, order.id())).isEqualTo("user-42");
    Cli.Result got = new Cli(Map.of("ORDERFLOW_TOKEN", token), home).run("get", order.id(), "--url", url.toString(), "--json");
    assertThat(got.code()).as(got.err()).isZero();
    assertThat(JSON.readTree(got.out()).path("name").asText()).isEqualTo("Token pizza");
    Cli.Result other = new Cli(Map.of(), home).run("get", order.id(), "--url", url.toString(), "--token", jwt("user-7"));
    assertThat(other.code()).isEqualTo(3);
  }

  @Test
  void anApiKeyCallerIsTheSharedAnonymousCustomer(LocalSystem system) {
    Order order = apiKeyClient().postOrder(NewOrder.of("Keyed", 1, "Luigi"));

    assertThat(customerOf(system, order.id())).isEqualTo("anonymous");
  }

  @Test
  void anExpiredTokenIsRefusedAsUnauthorized() {
    String expired = token("{\"sub\":\"user-1\",\"iss\":\"" + Stacks.OIDC_ISSUER + "\",\"exp\":1}");
    OrderClient client = OrderClient.builder().url(url).authorization(Authorization.bearer(expired)).build();

    assertThatThrownBy(() -> client.listOrders(5, null)).isInstanceOf(UnauthorizedException.class);
    Cli.Result refused = new Cli(Map.of(), home).run("list", "--url", url.toString(), "--token", expired);
    assertThat(refused.code()).isEqualTo(5);
    assertThat(refused.err().lines()).hasSize(1);
  }

  private static OrderClient iamClient(String accessKey) {
    return OrderClient.builder().url(url)
        .authorization(Authorization.iam(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)),
            "us-east-1"))
        .build();
  }

  private static OrderClient apiKeyClient() {
    return OrderClient.builder().url(url).authorization(Authorization.apiKey(apiKey)).build();
  }

  private static String jwt(String subject) {
    return token("{\"sub\":\"" + subject + "\",\"iss\":\"" + Stacks.OIDC_ISSUER + "\",\"exp\":"
        + (System.currentTimeMillis() / 1000 + 3600) + "}");
  }

  private static String token(String claims) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
  }

  private static String customerOf(LocalSystem system, String id) {
    String table = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
    ObjectNode request = JSON.createObjectNode();
    request.put("TableName", system.physicalId(table));
    request.putObject("Key").putObject("id").put("S", id);
    request.put("ConsistentRead", true);
    JsonNode item = system.tables().call("GetItem", request).path("Item");
    return item.path("customerId").path("S").asText(null);
  }
}
