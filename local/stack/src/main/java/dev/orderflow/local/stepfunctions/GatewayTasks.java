package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the Task states of the local state machines through the gateway, as the state machine's
 * role: DynamoDB tasks (the optimised integration and the AWS SDK one), Lambda tasks, SQS, SNS and
 * EventBridge tasks. Errors carry the names that Step Functions gives them, so {@code Retry} and
 * {@code Catch} behave as deployed; a call that IAM denies fails the task as the service's own
 * exception does on AWS ({@code DynamoDB.AmazonDynamoDBException}, {@code Lambda.AWSLambdaException}...).
 */
final class GatewayTasks implements TaskHandler {

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
  private final CallGateway gateway;
  private final Function<String, String> roles;

  /**
   * Tasks that call through a gateway.
   *
   * @param gateway the path to the services
   * @param roles the role of each state machine, by its ARN ({@code null} when it has none)
   */
  GatewayTasks(CallGateway gateway, Function<String, String> roles) {
    this.gateway = gateway;
    this.roles = roles;
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
    String role = roles.apply(call.stateMachineArn());
    Caller caller = role == null ? Caller.USER : Caller.role(role, call.stateMachineArn());
    Matcher optimised = OPTIMISED_DYNAMODB.matcher(resource);
    if (optimised.matches()) {
      return dynamodb(caller, optimised.group(1), call.input(), "DynamoDB.", true);
    }
    Matcher sdk = SDK_DYNAMODB.matcher(resource);
    if (sdk.matches()) {
      return dynamodb(caller, sdk.group(1), call.input(), "DynamoDb.", false);
    }
    if (LAMBDA_INVOKE.matcher(resource).matches()) {
      JsonNode payload = call.input().path("Payload");
      JsonNode answer = invoke(caller, call.input().path("FunctionName").asText(),
          payload.isMissingNode() ? mapper.nullNode() : payload);
      ObjectNode result = mapper.createObjectNode();
      result.put("ExecutedVersion", "$LATEST");
      result.set("Payload", answer);
      result.put("StatusCode", 200);
      metadata(result);
      return result;
    }
    if (FUNCTION_ARN.matcher(resource).matches()) {
      return invoke(caller, resource, call.input());
    }
    if (SQS_SEND.matcher(resource).matches()) {
      return send(caller, call.input(), "sqs", "SendMessage", "MessageBody", "SQS.AmazonSQSException");
    }
    if (SNS_PUBLISH.matcher(resource).matches()) {
      return send(caller, call.input(), "sns", "Publish", "Message", "SNS.AmazonSNSException");
    }
    if (EVENTS_PUT.matcher(resource).matches()) {
      return putEvents(caller, call.input());
    }
    throw new TaskFailure("States.Runtime", "The resource " + resource + " of state " + call.state()
        + " cannot run locally");
  }

  /**
   * The SQS and SNS integrations: a JSON value in the text field is sent as its JSON text, and the
   * task's result is the message id with the integration's metadata.
   */
  private JsonNode send(Caller caller, JsonNode input, String service, String operation, String textField,
      String deniedError) throws TaskFailure {
    ObjectNode request = input.deepCopy();
    JsonNode text = request.path(textField);
    request.put(textField, text.isTextual() ? text.asText() : text.toString());
    ObjectNode result = mapper.createObjectNode()
        .put("MessageId", service(caller, service, operation, request, deniedError).path("MessageId").asText());
    metadata(result);
    return result;
  }

  /** The optimised integration: fails with EventBridge.FailedEntry when an entry is refused, as deployed. */
  private JsonNode putEvents(Caller caller, JsonNode input) throws TaskFailure {
    int entries = input.path("Entries").size();
    if (entries == 0 || entries > 10) {
      throw new TaskFailure("EventBridge.ValidationException", "Entries must hold 1 to 10 entries, but it holds "
          + entries);
    }
    ObjectNode request = mapper.createObjectNode();
    var copies = request.putArray("Entries");
    for (JsonNode entry : input.path("Entries")) {
      ObjectNode copy = entry.deepCopy();
      JsonNode detail = copy.path("Detail");
      if (!detail.isMissingNode() && !detail.isTextual()) {
        copy.put("Detail", detail.toString());
      }
      copies.add(copy);
    }
    ObjectNode result = (ObjectNode) service(caller, "events", "PutEvents", request,
        "EventBridge.AmazonEventBridgeException").deepCopy();
    if (result.path("FailedEntryCount").asInt() > 0) {
      throw new TaskFailure("EventBridge.FailedEntry", result.toString());
    }
    metadata(result);
    return result;
  }

  private JsonNode dynamodb(Caller caller, String action, JsonNode input, String errorPrefix, boolean metadata)
      throws TaskFailure {
    String operation = action.substring(0, 1).toUpperCase(Locale.ROOT) + action.substring(1);
    try {
      ObjectNode result = (ObjectNode) gateway.call(caller, "dynamodb", operation, input);
      if (metadata) {
        metadata(result);
      }
      return result;
    } catch (ServiceException e) {
      if (e.accessDenied()) {
        throw new TaskFailure(errorPrefix + (metadata ? "AmazonDynamoDBException" : "DynamoDbException"),
            cause(e, "AmazonDynamoDBv2"));
      }
      throw new TaskFailure(errorPrefix + e.code(), e.getMessage());
    }
  }

  private JsonNode invoke(Caller caller, String function, JsonNode payload) throws TaskFailure {
    ObjectNode request = mapper.createObjectNode().put("FunctionName", function);
    request.set("Payload", payload);
    JsonNode answer;
    try {
      answer = gateway.call(caller, "lambda", "Invoke", request);
    } catch (ServiceException e) {
      throw new TaskFailure(e.accessDenied() ? "Lambda.AWSLambdaException" : "Lambda." + e.code(),
          cause(e, "AWSLambda"));
    }
    if (answer.hasNonNull("FunctionError")) {
      JsonNode error = answer.path("Payload");
      String type = error.path("errorType").asText("");
      throw new TaskFailure(type.isEmpty() ? "Lambda.Unknown" : type, error.toString());
    }
    return answer.path("Payload");
  }

  private JsonNode service(Caller caller, String service, String operation, JsonNode request, String deniedError)
      throws TaskFailure {
    try {
      return gateway.call(caller, service, operation, request);
    } catch (ServiceException e) {
      throw new TaskFailure(e.accessDenied() ? deniedError : deniedError.substring(0, deniedError.indexOf('.') + 1)
          + e.code(), cause(e, service));
    }
  }

  /** The cause as Step Functions shows an AWS SDK exception: the message, then the service's details. */
  private static String cause(ServiceException e, String serviceName) {
    return e.getMessage() + " (Service: " + serviceName + "; Status Code: " + e.status() + "; Error Code: "
        + e.code() + "; Request ID: " + UUID.randomUUID() + "; Proxy: null)";
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
