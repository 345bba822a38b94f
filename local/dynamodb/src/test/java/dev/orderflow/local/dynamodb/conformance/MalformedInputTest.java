package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UntagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * Whatever a client sends, the engine answers as DynamoDB answers errors: a 400 with a JSON body
 * that names the error type, never a 5xx, never an HTML page, never a Java name, and it serves the
 * next request. The members of every operation come from the AWS SDK's own model of the API, so
 * every parameter of every operation is tried with every wrong JSON type.
 *
 * <p>"Common Errors" in the API reference (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html)
 * lists the 400 errors; a 500 is only for the service's own failures.
 */
class MalformedInputTest extends ConformanceSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private String table;

  record Answer(int status, String contentType, String body) {}

  @BeforeAll
  void createTable() {
    table = hashRangeTable(ScalarAttributeType.S);
    put(table, item("pk", s("a"), "sk", s("b"), "v", n(1)));
  }

  private Answer post(String target, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(engine.endpoint())
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", target)
        .header("Authorization", SIGNATURE).header("X-Amz-Date", SIGNED_AT)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
  }

  /** The wrong values tried in every member: every JSON type, empties, extremes, unicode and depth. */
  private static List<String> wrongValues() {
    return List.of("42", "1.5", "-1", "1e400", "123456789012345678901234567890", "true", "\"x\"", "\"\"",
        "\"\\u00e9\\ud83d\\ude00\\u0000\"", "[]", "[1, \"a\", null]", "{}", "{\"S\": \"a\"}", "null",
        "[".repeat(400) + "]".repeat(400), "{\"a\":".repeat(300) + "1" + "}".repeat(300));
  }

  /** A request that the operation accepts, for members to be spoilt one by one. */
  private Map<String, String> baseRequests() {
    String key = "{\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}}";
    String arn = describe(table).tableArn();
    Map<String, String> bases = new LinkedHashMap<>();
    bases.put("DynamoDB_20120810.GetItem", "{\"TableName\": \"" + table + "\", \"Key\": " + key + "}");
    bases.put("DynamoDB_20120810.PutItem", "{\"TableName\": \"" + table + "\", \"Item\": " + key + "}");
    bases.put("DynamoDB_20120810.UpdateItem", "{\"TableName\": \"" + table + "\", \"Key\": " + key
        + ", \"UpdateExpression\": \"SET v = :v\", \"ExpressionAttributeValues\": {\":v\": {\"N\": \"2\"}}}");
    bases.put("DynamoDB_20120810.DeleteItem", "{\"TableName\": \"" + table + "\", \"Key\": {\"pk\": {\"S\": \"zz\"}, "
        + "\"sk\": {\"S\": \"zz\"}}}");
    bases.put("DynamoDB_20120810.Query", "{\"TableName\": \"" + table + "\", \"KeyConditionExpression\": \"pk = :p\", "
        + "\"ExpressionAttributeValues\": {\":p\": {\"S\": \"a\"}}}");
    bases.put("DynamoDB_20120810.Scan", "{\"TableName\": \"" + table + "\"}");
    bases.put("DynamoDB_20120810.BatchGetItem", "{\"RequestItems\": {\"" + table + "\": {\"Keys\": [" + key + "]}}}");
    bases.put("DynamoDB_20120810.BatchWriteItem", "{\"RequestItems\": {\"" + table + "\": [{\"PutRequest\": "
        + "{\"Item\": " + key + "}}]}}");
    bases.put("DynamoDB_20120810.TransactGetItems", "{\"TransactItems\": [{\"Get\": {\"TableName\": \"" + table
        + "\", \"Key\": " + key + "}}]}");
    bases.put("DynamoDB_20120810.TransactWriteItems", "{\"TransactItems\": [{\"Put\": {\"TableName\": \"" + table
        + "\", \"Item\": " + key + "}}]}");
    bases.put("DynamoDB_20120810.DescribeTable", "{\"TableName\": \"" + table + "\"}");
    bases.put("DynamoDB_20120810.DescribeTimeToLive", "{\"TableName\": \"" + table + "\"}");
    bases.put("DynamoDB_20120810.ListTables", "{}");
    bases.put("DynamoDB_20120810.CreateTable", "{\"TableName\": \"fuzz-created\", \"BillingMode\": \"PAY_PER_REQUEST\", "
        + "\"AttributeDefinitions\": [{\"AttributeName\": \"pk\", \"AttributeType\": \"S\"}], "
        + "\"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}]}");
    bases.put("DynamoDB_20120810.UpdateTable", "{\"TableName\": \"" + table + "\"}");
    bases.put("DynamoDB_20120810.DeleteTable", "{\"TableName\": \"fuzz-not-there\"}");
    bases.put("DynamoDB_20120810.UpdateTimeToLive", "{\"TableName\": \"" + table + "\", \"TimeToLiveSpecification\": "
        + "{\"Enabled\": false, \"AttributeName\": \"ttl\"}}");
    bases.put("DynamoDB_20120810.TagResource", "{\"ResourceArn\": \"" + arn + "\", \"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}]}");
    bases.put("DynamoDB_20120810.UntagResource", "{\"ResourceArn\": \"" + arn + "\", \"TagKeys\": [\"k\"]}");
    bases.put("DynamoDB_20120810.ListTagsOfResource", "{\"ResourceArn\": \"" + arn + "\"}");
    bases.put("DynamoDBStreams_20120810.ListStreams", "{}");
    bases.put("DynamoDBStreams_20120810.DescribeStream", "{\"StreamArn\": \"" + arn + "/stream/2024-01-01T00:00:00.000\"}");
    bases.put("DynamoDBStreams_20120810.GetShardIterator", "{\"StreamArn\": \"" + arn + "/stream/2024-01-01T00:00:00.000\", "
        + "\"ShardId\": \"shardId-00000000000000000000-00000000\", \"ShardIteratorType\": \"LATEST\"}");
    bases.put("DynamoDBStreams_20120810.GetRecords", "{\"ShardIterator\": \"not-an-iterator\"}");
    return bases;
  }

  /** Every member of an operation's request, as the AWS SDK's model of the API names them. */
  private static List<String> members(String operation) {
    SdkPojo request = switch (operation) {
      case "GetItem" -> GetItemRequest.builder().build();
      case "PutItem" -> PutItemRequest.builder().build();
      case "UpdateItem" -> UpdateItemRequest.builder().build();
      case "DeleteItem" -> DeleteItemRequest.builder().build();
      case "Query" -> QueryRequest.builder().build();
      case "Scan" -> ScanRequest.builder().build();
      case "BatchGetItem" -> BatchGetItemRequest.builder().build();
      case "BatchWriteItem" -> BatchWriteItemRequest.builder().build();
      case "TransactGetItems" -> TransactGetItemsRequest.builder().build();
      case "TransactWriteItems" -> TransactWriteItemsRequest.builder().build();
      case "DescribeTable" -> DescribeTableRequest.builder().build();
      case "DescribeTimeToLive" -> DescribeTimeToLiveRequest.builder().build();
      case "ListTables" -> ListTablesRequest.builder().build();
      case "CreateTable" -> CreateTableRequest.builder().build();
      case "UpdateTable" -> UpdateTableRequest.builder().build();
      case "DeleteTable" -> DeleteTableRequest.builder().build();
      case "UpdateTimeToLive" -> UpdateTimeToLiveRequest.builder().build();
      case "TagResource" -> TagResourceRequest.builder().build();
      case "UntagResource" -> UntagResourceRequest.builder().build();
      case "ListTagsOfResource" -> ListTagsOfResourceRequest.builder().build();
      case "ListStreams" -> ListStreamsRequest.builder().build();
      case "DescribeStream" -> DescribeStreamRequest.builder().build();
      case "GetShardIterator" -> GetShardIteratorRequest.builder().build();
      case "GetRecords" -> GetRecordsRequest.builder().build();
      default -> throw new IllegalArgumentException(operation);
    };
    List<String> names = new ArrayList<>();
    for (SdkField<?> field : request.sdkFields()) {
      names.add(field.locationName());
    }
    return names;
  }

  private static void assertAnsweredLikeDynamoDb(Answer answer, String what) {
    assertThat(answer.status()).as(what).isIn(200, 400);
    assertThat(answer.contentType()).as(what).startsWith("application/x-amz-json-1.0");
    assertThat(answer.body()).as(what).doesNotContain("java.lang.StackOverflow", "NullPointer", "ClassCast",
        "IllegalArgument", "IndexOutOfBounds", "<html");
    if (answer.status() == 400) {
      JsonNode body;
      try {
        body = JSON.readTree(answer.body());
      } catch (IOException e) {
        throw new AssertionError(what + ": the error body is not JSON: " + answer.body(), e);
      }
      assertThat(body.path("__type").asText()).as(what).contains("#");
    }
  }

  @Test
  void everyMemberOfEveryOperationWithEveryWrongTypeIsAnsweredWithoutAServerError() throws Exception {
    int tried = 0;
    for (Map.Entry<String, String> base : baseRequests().entrySet()) {
      String operation = base.getKey().substring(base.getKey().indexOf('.') + 1);
      List<String> members = members(operation);
      assertThat(members).as(operation).isNotEmpty();
      for (String member : members) {
        for (String wrong : wrongValues()) {
          ObjectNode request = (ObjectNode) JSON.readTree(base.getValue());
          String body = request.toString();
          String spoilt = body.substring(0, body.length() - 1) + (request.isEmpty() ? "" : ",")
              + JSON.writeValueAsString(member) + ": " + wrong + "}";
          if (request.has(member)) {
            request.remove(member);
            String rest = request.toString();
            spoilt = rest.substring(0, rest.length() - 1) + (request.isEmpty() ? "" : ",")
                + JSON.writeValueAsString(member) + ": " + wrong + "}";
          }
          assertAnsweredLikeDynamoDb(post(base.getKey(), spoilt), base.getKey() + " " + spoilt);
          tried++;
        }
      }
    }
    assertThat(tried).isGreaterThan(2000);
    assertThat(post("DynamoDB_20120810.ListTables", "{}").status()).isEqualTo(200);
  }

  @Test
  void wrongTypesInsideItemsKeysAndValuesAreAnsweredWithoutAServerError() throws Exception {
    for (String wrong : wrongValues()) {
      String[] bodies = {
          "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}, \"x\": " + wrong + "}}",
          "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}, \"x\": {\"L\": [" + wrong + "]}}}",
          "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}, \"x\": {\"M\": {\"y\": " + wrong + "}}}}",
          "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}, \"x\": {\"NS\": [" + wrong + "]}}}",
          "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}, \"x\": {\"B\": " + wrong + "}}}",
          "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"N\": " + wrong + "}, \"sk\": {\"S\": \"b\"}}}",
          "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}}, "
              + "\"ConditionExpression\": \"x = :v\", \"ExpressionAttributeValues\": {\":v\": " + wrong + "}}",
          "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}}, "
              + "\"Expected\": {\"x\": " + wrong + "}}",
          "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}}, "
              + "\"Expected\": {\"x\": {\"ComparisonOperator\": \"IN\", \"AttributeValueList\": [" + wrong + "]}}}",
      };
      for (String body : bodies) {
        assertAnsweredLikeDynamoDb(post("DynamoDB_20120810.PutItem", body), body);
      }
      String query = "{\"TableName\": \"" + table + "\", \"KeyConditionExpression\": \"pk = :p\", "
          + "\"ExpressionAttributeValues\": {\":p\": {\"S\": \"a\"}}, \"ExclusiveStartKey\": {\"pk\": " + wrong
          + ", \"sk\": {\"S\": \"b\"}}}";
      assertAnsweredLikeDynamoDb(post("DynamoDB_20120810.Query", query), query);
    }
    assertThat(post("DynamoDB_20120810.ListTables", "{}").status()).isEqualTo(200);
  }

  @Test
  void randomExpressionsAreAnsweredWithoutAServerError() throws Exception {
    String[] words = {"(", ")", "NOT", "AND", "OR", "a", "b.c", "#n", ":v", "=", "<>", "<", ">=", "BETWEEN", "IN",
        ",", "size", "if_not_exists", "list_append", "attribute_exists", "attribute_type", "contains", "begins_with",
        "[0]", "[99999999999]", ".", "SET", "REMOVE", "ADD", "DELETE", "+", "-", "1", "é", "\u0000", "pk", "sk", "#"};
    Random random = new Random(20261203L);
    String[] parameters = {"ConditionExpression", "UpdateExpression", "ProjectionExpression"};
    for (int i = 0; i < 600; i++) {
      StringBuilder expression = new StringBuilder();
      int length = 1 + random.nextInt(14);
      for (int w = 0; w < length; w++) {
        expression.append(words[random.nextInt(words.length)]).append(random.nextBoolean() ? " " : "");
      }
      String text = JSON.writeValueAsString(expression.toString());
      String values = "\"ExpressionAttributeNames\": {\"#n\": \"n\"}, \"ExpressionAttributeValues\": {\":v\": {\"N\": \"1\"}}";
      String parameter = parameters[i % parameters.length];
      String body = parameter.equals("ProjectionExpression")
          ? "{\"TableName\": \"" + table + "\", \"Key\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}}, \""
              + parameter + "\": " + text + ", \"ExpressionAttributeNames\": {\"#n\": \"n\"}}"
          : "{\"TableName\": \"" + table + "\", \"Key\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}}, \""
              + parameter + "\": " + text + ", " + values + "}";
      String operation = parameter.equals("ProjectionExpression") ? "GetItem" : "UpdateItem";
      assertAnsweredLikeDynamoDb(post("DynamoDB_20120810." + operation, body), body);
      String filter = "{\"TableName\": \"" + table + "\", \"KeyConditionExpression\": " + text + ", " + values + "}";
      assertAnsweredLikeDynamoDb(post("DynamoDB_20120810.Query", filter), filter);
    }
    assertThat(post("DynamoDB_20120810.ListTables", "{}").status()).isEqualTo(200);
  }

  @Test
  void deeplyNestedExpressionsAreValidationErrors() throws Exception {
    String key = "\"Key\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}}";
    String[] conditions = {
        "(".repeat(2000) + "v = :v" + ")".repeat(2000),
        "NOT ".repeat(1000) + "v = :v",
        "v = " + "if_not_exists(v, ".repeat(400) + ":v" + ")".repeat(400),
        "size(".repeat(600) + "v" + ")".repeat(600) + " = :v",
        "(".repeat(100_000),
    };
    for (String condition : conditions) {
      String body = "{\"TableName\": \"" + table + "\", " + key + ", \"ConditionExpression\": "
          + JSON.writeValueAsString(condition) + ", \"ExpressionAttributeValues\": {\":v\": {\"N\": \"1\"}}}";

      Answer answer = post("DynamoDB_20120810.DeleteItem", body);

      assertThat(answer.status()).as(condition.substring(0, 20)).isEqualTo(400);
      assertThat(answer.body()).contains("ValidationException");
    }
    String update = "{\"TableName\": \"" + table + "\", " + key + ", \"UpdateExpression\": "
        + JSON.writeValueAsString("SET v = " + "if_not_exists(v, ".repeat(400) + ":v" + ")".repeat(400))
        + ", \"ExpressionAttributeValues\": {\":v\": {\"N\": \"1\"}}}";
    assertThat(post("DynamoDB_20120810.UpdateItem", update).body()).contains("ValidationException");
    assertThat(get(table, key("a", s("b")))).containsEntry("v", n(1));
  }

  @Test
  void deeplyNestedJsonIsASerializationErrorNotACrash() throws Exception {
    String body = "{\"TableName\": \"" + table + "\", \"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"b\"}, \"x\": "
        + "{\"L\": [".repeat(5000) + "]}".repeat(5000) + "}}";

    Answer answer = post("DynamoDB_20120810.PutItem", body);

    assertThat(answer.status()).isEqualTo(400);
    assertAnsweredLikeDynamoDb(answer, "deep JSON");
  }

  @Test
  void aMalformedHttpRequestIsAnsweredInJsonNotHtml() throws Exception {
    try (java.net.Socket socket = new java.net.Socket(engine.endpoint().getHost(), engine.endpoint().getPort())) {
      socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.setSoTimeout(10_000);
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).doesNotContain("<html").contains("\"__type\"");
    }
  }
}
