package dev.orderflow.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.constructs.testing.TableEngine;
import dev.orderflow.constructs.testing.StackChecks;
import dev.orderflow.constructs.testing.PipeTemplates;
import dev.orderflow.constructs.testing.StreamRecords;
import dev.orderflow.constructs.testing.TemplateDefinitions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.event.ruler.Machine;

class OrderStatusNotifierTest implements StackChecks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Stack stack;
  private static Template template;
  private static Map<String, Object> pipe;
  private static TableEngine dynamodb;
  private static List<ObjectNode> streamEvents;

  @BeforeAll
  static void synthesizeAndRecordAStream() throws Exception {
    stack = new Stack(new App(), "Notifier");
    OrderTable table = new OrderTable(stack, "Orders");
    new OrderStatusNotifier(stack, "Notifier", OrderStatusNotifierProps.builder()
        .table(table.getTable())
        .addNotificationEmails("orders@example.com", "kitchen@example.com")
        .build());
    template = Template.fromStack(stack);
    Map<String, Object> json = template.toJSON();
    pipe = TemplateDefinitions.onlyResource(json, "AWS::Pipes::Pipe").getValue();

    Map.Entry<String, Map<String, Object>> tableResource = TemplateDefinitions.onlyResource(json, "AWS::DynamoDB::GlobalTable");
    dynamodb = new TableEngine();
    dynamodb.createTable(tableResource.getKey(), tableResource.getValue());
    streamEvents = writeEveryKindOfChange(dynamodb.client(), tableResource.getKey());
  }

  @AfterAll
  static void stopDynamoDb() throws Exception {
    dynamodb.close();
  }

  /** The writes of an order's life, and the writes that must not notify anyone. */
  private static List<ObjectNode> writeEveryKindOfChange(DynamoDbClient client, String table) {
    Map<String, AttributeValue> paid = order("order-paid");
    Map<String, AttributeValue> declined = order("order-declined");
    client.putItem(b -> b.tableName(table).item(paid));                                   // new PENDING order
    client.putItem(b -> b.tableName(table).item(declined));                               // new PENDING order
    client.updateItem(b -> b.tableName(table).key(key("order-declined"))                   // keeps PENDING
        .updateExpression("SET quantity = :q").expressionAttributeValues(Map.of(":q", AttributeValue.fromN("2"))));
    for (String id : List.of("order-paid", "order-declined")) {                            // PENDING -> PROCESSING
      client.updateItem(b -> b.tableName(table).key(key(id))
          .updateExpression("SET orderStatus = :s").expressionAttributeValues(Map.of(":s", AttributeValue.fromS("PROCESSING"))));
    }
    client.updateItem(b -> b.tableName(table).key(key("order-paid"))                       // PROCESSING -> SUCCESS
        .updateExpression("SET orderStatus = :s, paymentId = :p, updatedAt = :u")
        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("SUCCESS"),
            ":p", AttributeValue.fromS("pay_1"), ":u", AttributeValue.fromS("2026-11-23T12:00:05Z"))));
    client.updateItem(b -> b.tableName(table).key(key("order-declined"))                   // PROCESSING -> FAILED
        .updateExpression("SET orderStatus = :s, failureReason = :r, updatedAt = :u")
        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("FAILED"),
            ":r", AttributeValue.fromS("insufficient funds"), ":u", AttributeValue.fromS("2026-11-23T12:00:06Z"))));
    client.updateItem(b -> b.tableName(table).key(key("order-paid"))                       // second write to a final order
        .updateExpression("SET updatedAt = :u")
        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("2026-11-23T12:10:00Z"))));
    client.deleteItem(b -> b.tableName(table).key(key("order-declined")));                 // delete

    try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
        .endpointOverride(URI.create(dynamodb.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build()) {
      String streamArn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
      return StreamRecords.read(streams, streamArn);
    }
  }

  private static Map<String, AttributeValue> order(String id) {
    return Map.of("id", AttributeValue.fromS(id), "customerId", AttributeValue.fromS("anonymous"),
        "name", AttributeValue.fromS("Pizza"), "quantity", AttributeValue.fromN("6"),
        "restaurantId", AttributeValue.fromS("Dominos Pizza"), "orderStatus", AttributeValue.fromS("PENDING"),
        "createdAt", AttributeValue.fromS("2026-11-23T12:00:00Z"));
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", AttributeValue.fromS(id));
  }

  @SuppressWarnings("unchecked")
  private static List<ObjectNode> passingTheFilter() throws Exception {
    Map<String, Object> source = (Map<String, Object>) pipe.get("SourceParameters");
    List<Map<String, Object>> filters = (List<Map<String, Object>>) ((Map<String, Object>) source.get("FilterCriteria")).get("Filters");
    assertThat(filters).hasSize(1);
    Machine machine = new Machine();
    machine.addRule("notify", (String) filters.get(0).get("Pattern"));
    List<ObjectNode> passing = new java.util.ArrayList<>();
    for (ObjectNode event : streamEvents) {
      if (!machine.rulesForJSONEvent(event.toString()).isEmpty()) {
        passing.add(event);
      }
    }
    return passing;
  }

  @Override
  public Stack checkedStack() {
    return stack;
  }

  @Test
  void recordsEveryWriteOnTheStream() {
    assertThat(streamEvents).extracting(e -> e.get("eventName").asText())
        .containsExactly("INSERT", "INSERT", "MODIFY", "MODIFY", "MODIFY", "MODIFY", "MODIFY", "MODIFY", "REMOVE");
  }

  @Test
  void passesExactlyTheTwoFinalTransitions() throws Exception {
    List<ObjectNode> passing = passingTheFilter();

    assertThat(passing).extracting(e -> e.at("/dynamodb/Keys/id/S").asText() + ":"
            + e.at("/dynamodb/OldImage/orderStatus/S").asText() + "->" + e.at("/dynamodb/NewImage/orderStatus/S").asText())
        .containsExactly("order-paid:PROCESSING->SUCCESS", "order-declined:PROCESSING->FAILED");
  }

  @Test
  void rendersAReadableMessageForEachFinishedOrder() throws Exception {
    String messageTemplate = (String) ((Map<?, ?>) pipe.get("TargetParameters")).get("InputTemplate");
    List<String> messages = passingTheFilter().stream()
        .map(event -> PipeTemplates.render(messageTemplate, event))
        .toList();

    assertThat(messages).containsExactly(
        """
        {
          "orderStatus": "SUCCESS",
          "orderId": "order-paid",
          "quantity": "6",
          "name": "Pizza",
          "restaurantId": "Dominos Pizza",
          "orderedAt": "2026-11-23T12:00:00Z",
          "failureReason": ""
        }""",
        """
        {
          "orderStatus": "FAILED",
          "orderId": "order-declined",
          "quantity": "2",
          "name": "Pizza",
          "restaurantId": "Dominos Pizza",
          "orderedAt": "2026-11-23T12:00:00Z",
          "failureReason": "insufficient funds"
        }""");
  }

  @Test
  void keepsAFieldWithLineBreaksInsideItsOwnValueOfTheMessage() throws Exception {
    String messageTemplate = (String) ((Map<?, ?>) pipe.get("TargetParameters")).get("InputTemplate");
    ObjectNode event = passingTheFilter().get(0).deepCopy();
    ((ObjectNode) event.at("/dynamodb/NewImage/name")).put("S", "Pizza\",\n  \"orderStatus\": \"SUCCESS");

    JsonNode message = new ObjectMapper().readTree(PipeTemplates.render(messageTemplate, event));

    assertThat(message.get("name").asText()).isEqualTo("Pizza\",\n  \"orderStatus\": \"SUCCESS");
    assertThat(message.properties()).extracting(Map.Entry::getKey).containsExactly(
        "orderStatus", "orderId", "quantity", "name", "restaurantId", "orderedAt", "failureReason");
  }

  @Test
  void readsTheStreamWithBisectionBoundedRetriesAndADeadLetterQueue() {
    template.hasResourceProperties("AWS::Pipes::Pipe", Map.of(
        "Source", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^OrdersTable"), "StreamArn")),
        "Target", Map.of("Ref", Match.stringLikeRegexp("^NotifierTopic")),
        "SourceParameters", Match.objectLike(Map.of("DynamoDBStreamParameters", Map.of(
            "StartingPosition", "LATEST",
            "BatchSize", 10,
            "MaximumBatchingWindowInSeconds", 1,
            "MaximumRetryAttempts", 3,
            "MaximumRecordAgeInSeconds", 3600,
            "OnPartialBatchItemFailure", "AUTOMATIC_BISECT",
            "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt",
                List.of(Match.stringLikeRegexp("^NotifierDeadLetterQueue"), "Arn"))))))));
  }

  @Test
  void publishesToAnEncryptedTopicThatRefusesRequestsWithoutTls() {
    template.hasResourceProperties("AWS::SNS::Topic", Map.of(
        "KmsMasterKeyId", Match.anyValue()));
    template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Effect", "Deny",
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
  }

  @Test
  void subscribesEachEmailWithADeadLetterQueue() {
    for (String email : List.of("orders@example.com", "kitchen@example.com")) {
      template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
          "Protocol", "email",
          "Endpoint", email,
          "RedrivePolicy", Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt",
              List.of(Match.stringLikeRegexp("^NotifierSubscriptionDeadLetterQueue"), "Arn")))));
    }
  }

  @Test
  void letsThePipeRoleReadTheStreamPublishAndQuarantineOnly() throws Exception {
    Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy", Map.of(
        "Properties", Map.of("Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^NotifierRole"))))));
    assertThat(policies).hasSize(1);
    JsonNode statements = JSON.valueToTree(policies.values().iterator().next()).at("/Properties/PolicyDocument/Statement");
    List<String> actions = new java.util.ArrayList<>();
    statements.forEach(s -> {
      if (s.get("Action").isArray()) {
        s.get("Action").forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(s.get("Action").asText());
      }
    });
    assertThat(actions).containsExactlyInAnyOrder(
        "dynamodb:ListStreams",
        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
        "sns:Publish",
        "sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
        "logs:CreateLogStream", "logs:PutLogEvents");
  }

  @Test
  void rejectsAMalformedEmailNamingIt() {
    assertThatThrownBy(() -> OrderStatusNotifierProps.builder()
            .table(new OrderTable(new Stack(), "T").getTable())
            .addNotificationEmails("orders@example.com", "pizza lover@example")
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("notificationEmails must hold email addresses like orders@example.com, but \"pizza lover@example\" is not one");
  }

  @Test
  void rejectsAnUnknownStartingPosition() {
    assertThatThrownBy(() -> OrderStatusNotifierProps.builder()
            .table(new OrderTable(new Stack(), "T").getTable())
            .startingPosition("AT_TIMESTAMP")
            .build())
        .hasMessage("startingPosition must be LATEST or TRIM_HORIZON, but \"AT_TIMESTAMP\" was provided");
  }

  @Test
  void publishesWhatEachStreamReadFindsWithoutABatchingWindow() {
    Stack windowed = new Stack(new App(), "Windowed");
    new OrderStatusNotifier(windowed, "Notifier", OrderStatusNotifierProps.builder()
        .table(new OrderTable(windowed, "Orders").getTable())
        .maximumBatchingWindow(software.amazon.awscdk.Duration.seconds(0))
        .build());

    Template.fromStack(windowed).hasResourceProperties("AWS::Pipes::Pipe", Map.of(
        "SourceParameters", Match.objectLike(Map.of("DynamoDBStreamParameters", Match.objectLike(Map.of(
            "BatchSize", 10, "MaximumBatchingWindowInSeconds", Match.absent()))))));
  }

  @Test
  void refusesABatchLargerThanOnePublishBatchCallTakes() {
    assertThatThrownBy(() -> OrderStatusNotifierProps.builder()
            .table(new OrderTable(new Stack(), "T").getTable())
            .batchSize(11)
            .build())
        .hasMessage("batchSize must be from 1 to 10, but 11 was provided");
  }
}
