package dev.orderflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.dynamodb.table.DynamoDbError;
import dev.orderflow.local.lambda.LambdaFunctionException;
import dev.orderflow.local.lambda.StepFunctionsError;
import dev.orderflow.local.stepfunctions.TaskCall;
import dev.orderflow.local.stepfunctions.TaskFailure;
import dev.orderflow.local.stepfunctions.TaskHandler;
import dev.orderflow.local.events.PutEventsEntry;
import dev.orderflow.local.events.PutEventsResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the Task states of the local state machines on the local engines: DynamoDB tasks (the
 * optimised integration and the AWS SDK one) on the table engine, Lambda tasks on the local
 * functions, SQS and SNS tasks on the local queues and topics, EventBridge tasks on the local buses. Errors carry the names that Step
 * Functions gives them, so {@code Retry} and {@code Catch} behave as deployed.
 */
final class Tasks implements TaskHandler {

  /** Invokes a local function by name or ARN. */
  @FunctionalInterface
  interface Functions {
    JsonNode invoke(String functionNameOrArn, JsonNode payload) throws LambdaFunctionException;
  }

  /** Sends a message to a local queue by URL; answers the message id. */
  @FunctionalInterface
  interface Queues {
    String send(String queueUrl, String body);
  }

  /** Publishes to a local topic by ARN; answers the message id. */
  @FunctionalInterface
  interface Topics {
    String publish(String topicArn, String subject, String message);
  }

  /** Puts events on the local event buses, as PutEvents. */
  @FunctionalInterface
  interface Events {
    List<PutEventsResult> put(List<PutEventsEntry> entries);
  }

  private static final Pattern EVENTS_PUT = Pattern.compile("arn:[^:]+:states:::events:putEvents");
  private static final Pattern OPTIMISED_DYNAMODB = Pattern.compile("arn:[^:]+:states:::dynamodb:(putItem|getItem|updateItem|deleteItem)");
  private static final Pattern SDK_DYNAMODB = Pattern.compile("arn:[^:]+:states:::aws-sdk:dynamodb:([a-zA-Z]+)");
  private static final Pattern LAMBDA_INVOKE = Pattern.compile("arn:[^:]+:states:::lambda:invoke");
  private static final Pattern FUNCTION_ARN = Pattern.compile("arn:[^:]+:lambda:[^:]+:[^:]+:function:.+");
  private static final Pattern SQS_SEND = Pattern.compile("arn:[^:]+:states:::sqs:sendMessage");
  private static final Pattern SNS_PUBLISH = Pattern.compile("arn:[^:]+:states:::sns:publish");
  private static final Set<String> SDK_DYNAMODB_ACTIONS = Set.of("putItem", "getItem", "updateItem", "deleteItem",
      "query", "scan", "batchGetItem", "batchWriteItem", "transactWriteItems", "transactGetItems", "describeTable");

  private final ObjectMapper mapper = new ObjectMapper();
  private final DynamoDbEngine tables;
  private final Functions functions;
  private final Queues queues;
  private final Topics topics;
  private final Events events;

  Tasks(DynamoDbEngine tables, Functions functions, Queues queues, Topics topics, Events events) {
    this.tables = tables;
    this.functions = functions;
    this.queues = queues;
    this.topics = topics;
    this.events = events;
  }

  @Override
  public boolean supports(String resource) {
    Matcher sdk = SDK_DYNAMODB.matcher(resource);
    return OPTIMISED_DYNAMODB.matcher(resource).matches()
        || (sdk.matches() && SDK_DYNAMODB_ACTIONS.contains(sdk.group(1)))
        || LAMBDA_INVOKE.matcher(resource).matches()
        || FUNCTION_ARN.matcher(resource).matches()
        || SQS_SEND.matcher(resource).matches()
        || SNS_PUBLISH.matcher(resource).matches()
        || EVENTS_PUT.matcher(resource).matches();
  }

  @Override
  public String supportedResources() {
    return "arn:aws:states:::dynamodb:putItem|getItem|updateItem|deleteItem, arn:aws:states:::aws-sdk:dynamodb:"
        + SDK_DYNAMODB_ACTIONS + ", arn:aws:states:::lambda:invoke, a Lambda function ARN, "
        + "arn:aws:states:::sqs:sendMessage, arn:aws:states:::sns:publish, arn:aws:states:::events:putEvents";
  }

  @Override
  public JsonNode execute(TaskCall call) throws TaskFailure {
    String resource = call.resource();
    Matcher optimised = OPTIMISED_DYNAMODB.matcher(resource);
    if (optimised.matches()) {
      return dynamodb(optimised.group(1), call.input(), "DynamoDB.", true);
    }
    Matcher sdk = SDK_DYNAMODB.matcher(resource);
    if (sdk.matches()) {
      return dynamodb(sdk.group(1), call.input(), "DynamoDb.", false);
    }
    if (LAMBDA_INVOKE.matcher(resource).matches()) {
      JsonNode payload = call.input().path("Payload");
      JsonNode answer = invoke(call.input().path("FunctionName").asText(), payload.isMissingNode() ? mapper.nullNode() : payload);
      ObjectNode result = mapper.createObjectNode();
      result.put("ExecutedVersion", "$LATEST");
      result.set("Payload", answer);
      result.put("StatusCode", 200);
      metadata(result);
      return result;
    }
    if (FUNCTION_ARN.matcher(resource).matches()) {
      return invoke(resource, call.input());
    }
    if (SQS_SEND.matcher(resource).matches()) {
      JsonNode body = call.input().path("MessageBody");
      String messageId = queues.send(call.input().path("QueueUrl").asText(), body.isTextual() ? body.asText() : body.toString());
      ObjectNode result = mapper.createObjectNode().put("MessageId", messageId);
      metadata(result);
      return result;
    }
    if (SNS_PUBLISH.matcher(resource).matches()) {
      JsonNode message = call.input().path("Message");
      String messageId = topics.publish(call.input().path("TopicArn").asText(),
          call.input().hasNonNull("Subject") ? call.input().get("Subject").asText() : null,
          message.isTextual() ? message.asText() : message.toString());
      ObjectNode result = mapper.createObjectNode().put("MessageId", messageId);
      metadata(result);
      return result;
    }
    if (EVENTS_PUT.matcher(resource).matches()) {
      return putEvents(call.input());
    }
    throw new TaskFailure("States.Runtime", "The resource " + resource + " of state " + call.state()
        + " cannot run locally");
  }

  /** The optimised integration: fails with EventBridge.FailedEntry when an entry is refused, as deployed. */
  private JsonNode putEvents(JsonNode input) throws TaskFailure {
    List<PutEventsEntry> entries = new ArrayList<>();
    for (JsonNode e : input.path("Entries")) {
      JsonNode detail = e.path("Detail");
      List<String> resources = new ArrayList<>();
      e.path("Resources").forEach(r -> resources.add(r.asText()));
      Instant time = null;
      if (e.path("Time").isTextual()) {
        try {
          time = Instant.parse(e.get("Time").asText());
        } catch (java.time.format.DateTimeParseException ignored) {
          // EventBridge takes the current time for a time it cannot read
        }
      }
      entries.add(new PutEventsEntry(e.path("EventBusName").asText(null), e.path("Source").asText(null),
          e.path("DetailType").asText(null), detail.isMissingNode() ? null : detail.isTextual() ? detail.asText()
          : detail.toString(), resources, time));
    }
    if (entries.isEmpty() || entries.size() > 10) {
      throw new TaskFailure("EventBridge.ValidationException", "Entries must hold 1 to 10 entries, but it holds "
          + entries.size());
    }
    List<PutEventsResult> results = events.put(entries);
    ObjectNode result = mapper.createObjectNode();
    var out = result.putArray("Entries");
    int failed = 0;
    for (PutEventsResult r : results) {
      if (r.accepted()) {
        out.addObject().put("EventId", r.eventId());
      } else {
        failed++;
        out.addObject().put("ErrorCode", r.errorCode()).put("ErrorMessage", r.errorMessage());
      }
    }
    result.put("FailedEntryCount", failed);
    if (failed > 0) {
      throw new TaskFailure("EventBridge.FailedEntry", result.toString());
    }
    metadata(result);
    return result;
  }

  private JsonNode dynamodb(String action, JsonNode input, String errorPrefix, boolean metadata) throws TaskFailure {
    String operation = action.substring(0, 1).toUpperCase(Locale.ROOT) + action.substring(1);
    try {
      ObjectNode result = tables.call(operation, input);
      if (metadata) {
        metadata(result);
      }
      return result;
    } catch (DynamoDbError e) {
      throw new TaskFailure(errorPrefix + e.type(), e.getMessage());
    }
  }

  private JsonNode invoke(String function, JsonNode payload) throws TaskFailure {
    try {
      return functions.invoke(function, payload);
    } catch (LambdaFunctionException e) {
      StepFunctionsError error = e.stepFunctionsError();
      throw new TaskFailure(error.error(), error.cause());
    }
  }

  /** The response metadata that Step Functions' optimised integrations add to a result. */
  private void metadata(ObjectNode result) {
    String requestId = UUID.randomUUID().toString();
    ObjectNode http = result.putObject("SdkHttpMetadata");
    http.putObject("HttpHeaders").put("x-amzn-RequestId", requestId);
    http.put("HttpStatusCode", 200);
    result.putObject("SdkResponseMetadata").put("RequestId", requestId);
  }
}
