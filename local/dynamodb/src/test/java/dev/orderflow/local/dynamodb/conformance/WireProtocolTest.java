package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The JSON 1.0 protocol itself: targets, content type, request ids, credentials and regions. */
class WireProtocolTest extends ConformanceSupport {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(engine.endpoint())
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", target)
        // Unsigned but shaped like a SigV4 header, as a tool would send it.
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000")
        .header("X-Amz-Date", "20240101T000000Z")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUnknownOperationIsAnsweredWithABareUnknownOperationException() throws Exception {
    HttpResponse<String> response = post("DynamoDB_20120810.ExecuteStatement", "{\"Statement\":\"SELECT * FROM t\"}");

    // DynamoDB's answer is the type alone, with no message.
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}");
  }

  @Test
  void aKnownOperationAnswersJsonWithARequestId() throws Exception {
    HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/x-amz-json-1.0"));
    assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(v -> assertThat(v).isNotBlank());
    assertThat(response.body()).contains("\"TableNames\"");
  }

  @Test
  void errorsCarryTheirTypeAndMessageInTheBody() throws Exception {
    HttpResponse<String> response = post("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"no-such-table\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).containsPattern("\"__type\"\\s*:\\s*\"[^\"]*ResourceNotFoundException\"");
    assertThat(response.body()).containsPattern("\"[mM]essage\"\\s*:\\s*\"[^\"]+\"");
  }

  @Test
  void malformedJsonIsAClientError() throws Exception {
    HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{not json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("__type");
  }

  @Test
  void anyCredentialsAndRegionAreAccepted() {
    for (Region region : new Region[] {Region.EU_WEST_3, Region.AP_SOUTHEAST_2, Region.US_WEST_2}) {
      try (DynamoDbClient other = dynamoDb(engine.endpoint(), region, "AKIA" + region.id().toUpperCase().replace("-", ""),
          "any-secret-" + region.id())) {
        String name = newTableName();
        other.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
            .keySchema(hashKey("pk")).attributeDefinitions(attr("pk", ScalarAttributeType.S)));
        await("table " + name, () -> other.describeTable(r -> r.tableName(name)).table().tableStatusAsString().equals("ACTIVE"));
        other.putItem(r -> r.tableName(name).item(item("pk", s("a"), "v", s(region.id()))));

        assertThat(other.getItem(r -> r.tableName(name).key(key("a")).consistentRead(true)).item().get("v"))
            .isEqualTo(s(region.id()));
      }
    }
  }

  @Test
  void theStreamsApiIsServedOnTheSameEndpoint() throws Exception {
    HttpResponse<String> response = post("DynamoDBStreams_20120810.ListStreams", "{}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"Streams\"");
  }

  @Test
  void listensOnTheLoopbackInterface() {
    URI endpoint = engine.endpoint();

    assertThat(endpoint.getScheme()).isEqualTo("http");
    assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
    assertThat(endpoint.getPort()).isPositive();
  }

  @Test
  void anAnswerAdvertisesAnIdleTimeoutLongerThanPooledClientsKeepConnections() throws Exception {
    HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{}");

    // The AWS SDK for Java keeps an idle pooled connection for 60 s; Node.js agents read this header.
    String keepAlive = response.headers().firstValue("Keep-Alive").orElse("");
    assertThat(keepAlive).matches("timeout=\\d+");
    assertThat(Integer.parseInt(keepAlive.substring("timeout=".length()))).isGreaterThan(60);
  }
}
