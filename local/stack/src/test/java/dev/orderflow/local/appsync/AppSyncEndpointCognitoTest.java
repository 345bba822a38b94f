package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example stack with Cognito user pools as its default mode and API keys as an additional one,
 * built in the test from the synthesized template: callers identified by the claims of their JWT,
 * fields authorized by AppSync's directives.
 */
class AppSyncEndpointCognitoTest {

  private static final String GET_ALL = "query { getAllOrders(limit: 50) { items { id } nextToken } }";

  @TempDir
  static Path directory;
  private static ExampleStack stack;

  @BeforeAll
  static void start() {
    stack = ExampleStack.start(AppSyncEndpointCognitoTest::cognitoMode, directory);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** Cognito by default, API keys in addition; getSingleOrder and Order open to both by directives. */
  private static ObjectNode cognitoMode(ObjectNode template) {
    ObjectNode resources = (ObjectNode) template.get("Resources");
    ObjectNode api = (ObjectNode) resources.get("PizzaOrdersApi56765CCB").get("Properties");
    api.put("AuthenticationType", "AMAZON_COGNITO_USER_POOLS");
    api.putObject("UserPoolConfig").put("UserPoolId", "us-east-1_local").put("AwsRegion", "us-east-1")
        .put("DefaultAction", "ALLOW");
    api.putArray("AdditionalAuthenticationProviders").addObject().put("AuthenticationType", "API_KEY");
    ObjectNode schema = (ObjectNode) resources.get("PizzaOrdersApiSchemaB92BC1B7").get("Properties");
    // The example's schema opens each type to its API key and IAM modes; here Cognito and API keys.
    schema.put("Definition", schema.get("Definition").asText()
        .replace(" @aws_api_key @aws_iam {", " {")
        .replace("type Order  {", "type Order @aws_api_key @aws_cognito_user_pools {")
        .replace("type Order {", "type Order @aws_api_key @aws_cognito_user_pools {")
        .replace("getSingleOrder(id: ID!): Order", "getSingleOrder(id: ID!): Order @aws_api_key @aws_cognito_user_pools"));
    return template;
  }

  private static Map<String, String> bearer(String sub, String username) {
    return Map.of("Authorization", ExampleStack.cognitoToken(sub, username));
  }

  @Test
  void twoCustomersSeeOnlyTheirOwnOrders() {
    stack.putOrder("pat-1", "sub-pat", "SUCCESS", "2026-03-01T10:00:00.000Z");
    stack.putOrder("pat-2", "sub-pat", "PENDING", "2026-03-01T11:00:00.000Z");
    stack.putOrder("kim-1", "sub-kim", "SUCCESS", "2026-03-01T12:00:00.000Z");

    JsonNode pat = stack.post(GET_ALL, Map.of(), bearer("sub-pat", "pat")).body();
    JsonNode kim = stack.post(GET_ALL, Map.of(), bearer("sub-kim", "kim")).body();
    JsonNode kimReadsPats = stack.post("query { getSingleOrder(id: \"pat-1\") { id } }", Map.of(),
        bearer("sub-kim", "kim")).body();

    assertThat(pat.path("data").path("getAllOrders").path("items").findValuesAsText("id"))
        .containsExactly("pat-2", "pat-1");
    assertThat(kim.path("data").path("getAllOrders").path("items").findValuesAsText("id")).containsExactly("kim-1");
    assertThat(kimReadsPats.path("data").path("getSingleOrder").isNull()).isTrue();
  }

  @Test
  void postOrderQueuesTheOrderUnderTheCallersSub() {
    stack.drainOrders();
    String mutation = "mutation { postOrder(input: {name: \"Diavola\", quantity: 1, restaurantId: \"r-2\"}) { id } }";

    JsonNode answer = stack.post(mutation, Map.of(), bearer("sub-lee", "lee")).body();

    List<JsonNode> queued = stack.drainOrders();
    assertThat(queued).hasSize(1);
    String id = answer.path("data").path("postOrder").path("id").asText();
    assertThat(queued.get(0).path("id").asText()).isEqualTo(id);
    assertThat(stack.row(id).path("customerId").path("S").asText()).isEqualTo("sub-lee");
  }

  @Test
  void apiKeyCallerIsRefusedFieldsWithoutItsDirective() {
    JsonNode answer = stack.post(GET_ALL, Map.of(), Map.of("x-api-key", stack.endpoint.apiKey())).body();

    JsonNode error = answer.path("errors").get(0);
    assertThat(answer.path("data").isNull()).isTrue();
    assertThat(error.path("errorType").asText()).isEqualTo("Unauthorized");
    assertThat(error.path("message").asText()).isEqualTo("Not Authorized to access getAllOrders on type Query");
  }

  @Test
  void apiKeyCallerReadsFieldsThatItsDirectiveAllows() {
    stack.putOrder("shared-1", "anonymous", "SUCCESS", "2026-03-02T10:00:00.000Z");

    JsonNode answer = stack.post("query { getSingleOrder(id: \"shared-1\") { id orderStatus } }", Map.of(),
        Map.of("x-api-key", stack.endpoint.apiKey())).body();

    assertThat(answer.has("errors")).as(answer.toString()).isFalse();
    assertThat(answer.path("data").path("getSingleOrder").path("orderStatus").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void missingOrMalformedTokenGets401() {
    ExampleStack.Answer missing = stack.post(GET_ALL, Map.of(), Map.of());
    ExampleStack.Answer malformed = stack.post(GET_ALL, Map.of(), Map.of("Authorization", "not-a-jwt"));

    assertThat(missing.status()).isEqualTo(401);
    assertThat(malformed.status()).isEqualTo(401);
    assertThat(malformed.body().path("errors").get(0).path("errorType").asText()).isEqualTo("UnauthorizedException");
  }

  @Test
  void iamCallerOfAnApiWithoutIamIsRefused() {
    ExampleStack.Answer answer = stack.post(GET_ALL, Map.of(), Map.of("Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIALOCAL/20260101/us-east-1/appsync/aws4_request, SignedHeaders=host, Signature=00"));

    assertThat(answer.status()).isEqualTo(401);
  }
}
