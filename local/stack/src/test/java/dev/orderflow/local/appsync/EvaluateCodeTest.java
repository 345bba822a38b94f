package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.ServiceException;
import dev.orderflow.local.testing.JsonText;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * AppSync's EvaluateCode on the endpoint's port, {@code POST /v1/dataplane-evaluatecode}, as the AWS
 * SDKs and CLI send it, and in process; and the evaluator's JSON: the example API's resolvers and
 * functions with their code, the context each was given in a traced request, that context run again,
 * and the page that opens the evaluator.
 */
@ExtendWith(ExampleStack.Shared.class)
class EvaluateCodeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDER_CODE = """
      import { util } from '@aws-appsync/utils';
      export function request(ctx) {
        util.log.info('validating', ctx.arguments.input.name);
        if (ctx.arguments.input.quantity > 10) {
          util.error('quantity must be 10 or less', 'ValidationError', null, { quantity: ctx.arguments.input.quantity });
        }
        ctx.stash.checked = true;
        return { operation: 'PutItem', key: util.dynamodb.toMapValues({ id: ctx.arguments.input.id }) };
      }
      export function response(ctx) {
        console.log('stored', ctx.result.id);
        util.appendError('late delivery', 'Warning');
        return { ...ctx.result, orderStatus: 'PENDING' };
      }
      """;

  private static final String POST_ORDER = """
      mutation Post($input: OrderInput!) {
        postOrder(input: $input) { id name orderStatus }
      }""";

  private static ExampleStack stack;

  @BeforeAll
  static void start(ExampleStack shared) {
    stack = shared;
  }

  private static ObjectNode evaluation(String code, String context, String function) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("runtime").put("name", "APPSYNC_JS").put("runtimeVersion", "1.0.0");
    body.put("code", code);
    body.put("context", context);
    if (function != null) {
      body.put("function", function);
    }
    return body;
  }

  private static ExampleStack.Answer post(JsonNode body) {
    return ExampleStack.send(HttpRequest.newBuilder(stack.url("/v1/dataplane-evaluatecode"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  private static JsonNode parse(JsonNode text) {
    return JsonText.read(text);
  }

  @Test
  void requestHandlersResultStashAndLogsAreAnswered() {
    ExampleStack.Answer answer = post(evaluation(ORDER_CODE,
        "{\"arguments\": {\"input\": {\"id\": \"o-1\", \"name\": \"Margherita\", \"quantity\": 2}}}", "request"));

    assertThat(answer.status()).isEqualTo(200);
    JsonNode result = parse(answer.body().path("evaluationResult"));
    assertThat(result.path("operation").asText()).isEqualTo("PutItem");
    assertThat(result.path("key").path("id").path("S").asText()).isEqualTo("o-1");
    assertThat(parse(answer.body().path("stash")).path("checked").asBoolean()).isTrue();
    assertThat(answer.body().path("logs")).extracting(JsonNode::asText).containsExactly("validating Margherita");
    assertThat(answer.body().has("error")).isFalse();
  }

  @Test
  void responseHandlerGetsTheResultAndItsAppendedErrorsAreOutErrors() {
    ExampleStack.Answer answer = post(evaluation(ORDER_CODE,
        "{\"arguments\": {}, \"result\": {\"id\": \"o-2\", \"name\": \"Calzone\"}, \"stash\": {\"checked\": true}}",
        "response"));

    JsonNode result = parse(answer.body().path("evaluationResult"));
    assertThat(result.path("id").asText()).isEqualTo("o-2");
    assertThat(result.path("orderStatus").asText()).isEqualTo("PENDING");
    assertThat(answer.body().path("logs")).extracting(JsonNode::asText).containsExactly("stored o-2");
    assertThat(parse(answer.body().path("outErrors")).get(0).path("errorType").asText()).isEqualTo("Warning");
    assertThat(parse(answer.body().path("stash")).path("checked").asBoolean()).isTrue();
  }

  @Test
  void utilErrorIsAnErrorWithItsLocationAndAnOutError() {
    ExampleStack.Answer answer = post(evaluation(ORDER_CODE,
        "{\"arguments\": {\"input\": {\"id\": \"o-3\", \"name\": \"Diavola\", \"quantity\": 50}}}", null));

    assertThat(answer.status()).isEqualTo(200);
    JsonNode error = answer.body().path("error");
    assertThat(error.path("message").asText()).isEqualTo("quantity must be 10 or less");
    assertThat(error.path("codeErrors").get(0).path("errorType").asText()).isEqualTo("UTIL_ERROR");
    assertThat(error.path("codeErrors").get(0).path("location").path("line").asInt()).isEqualTo(5);
    JsonNode outError = parse(answer.body().path("outErrors")).get(0);
    assertThat(outError.path("errorType").asText()).isEqualTo("ValidationError");
    assertThat(outError.path("errorInfo").path("quantity").asInt()).isEqualTo(50);
    assertThat(answer.body().has("evaluationResult")).isFalse();
    assertThat(answer.body().path("logs")).extracting(JsonNode::asText).containsExactly("validating Diavola");
  }

  @Test
  void syntaxErrorNamesItsLineAndColumn() {
    String broken = "export function request(ctx) {\n  const id = ;\n  return {};\n}\n";

    ExampleStack.Answer answer = post(evaluation(broken, "{}", "request"));

    assertThat(answer.status()).isEqualTo(200);
    JsonNode codeError = answer.body().path("error").path("codeErrors").get(0);
    assertThat(codeError.path("errorType").asText()).isEqualTo("SYNTAX_ERROR");
    assertThat(codeError.path("value").asText()).contains("Unexpected token");
    assertThat(codeError.path("location").path("line").asInt()).isEqualTo(2);
    assertThat(codeError.path("location").path("column").asInt()).isEqualTo(14);
    assertThat(codeError.path("location").path("span").asInt()).isEqualTo(1);
  }

  @Test
  void thrownExceptionIsARuntimeErrorWithItsLine() {
    String failing = "export function request(ctx) {\n  return ctx.arguments.missing.id;\n}\n";

    ExampleStack.Answer answer = post(evaluation(failing, "{\"arguments\": {}}", "request"));

    JsonNode codeError = answer.body().path("error").path("codeErrors").get(0);
    assertThat(codeError.path("errorType").asText()).isEqualTo("RUNTIME_ERROR");
    assertThat(codeError.path("value").asText()).startsWith("TypeError");
    assertThat(codeError.path("location").path("line").asInt()).isEqualTo(2);
  }

  @Test
  void badRequestIsRefusedNamingTheMember() {
    ObjectNode body = evaluation(ORDER_CODE, "{}", "request");
    ((ObjectNode) body.get("runtime")).put("runtimeVersion", "2.0.0");

    ExampleStack.Answer answer = post(body);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.response().headers().firstValue("x-amzn-ErrorType")).hasValue("BadRequestException");
    assertThat(answer.body().path("message").asText()).contains("runtimeVersion").contains("2.0.0");
  }

  @Test
  void evaluatorAnswersInProcessAsOverHttp() {
    JsonNode answer = stack.endpoint.evaluator().evaluateCode(evaluation(ORDER_CODE,
        "{\"arguments\": {\"input\": {\"id\": \"o-4\", \"name\": \"Funghi\", \"quantity\": 1}}}", "request"));

    assertThat(parse(answer.path("evaluationResult")).path("key").path("id").path("S").asText()).isEqualTo("o-4");
    assertThatThrownBy(() -> stack.endpoint.evaluator().evaluateCode(evaluation(ORDER_CODE, "not json", "request")))
        .isInstanceOf(ServiceException.class).hasMessageContaining("context is not JSON");
  }

  private static ExampleStack.Answer get(String path) {
    return ExampleStack.send(HttpRequest.newBuilder(stack.url(path)).GET().build());
  }

  @Test
  void resolversAndFunctionsAreListedWithTheirCode() {
    ExampleStack.Answer answer = get("/_orderflow/resolvers");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode list = answer.body().path("resolvers");
    JsonNode postOrder = find(list, "Mutation.postOrder");
    assertThat(postOrder.path("kind").asText()).isEqualTo("PIPELINE");
    assertThat(postOrder.path("functions")).extracting(JsonNode::asText)
        .containsExactly("ValidateOrderInput", "RecordOrder", "SendOrder", "ForgetUnqueuedOrder");
    assertThat(postOrder.path("code").asText()).contains("export function request");
    JsonNode send = find(list, "SendOrder");
    assertThat(send.path("kind").asText()).isEqualTo("FUNCTION");
    assertThat(send.path("dataSource").path("type").asText()).isEqualTo("HTTP");
    assertThat(send.path("usedBy")).extracting(JsonNode::asText).containsExactly("Mutation.postOrder");
    assertThat(find(list, "ValidateOrderInput").path("usedBy")).extracting(JsonNode::asText)
        .containsExactly("Mutation.postOrder", "Mutation.updateOrder");
    assertThat(list).extracting(r -> r.path("name").asText())
        .contains("Query.getSingleOrder", "Query.getAllOrders", "Mutation.updateOrder", "GetOrder", "RecordOrder");
  }

  @Test
  void aFunctionsRecordedContextRunsAgainToWhatItSentTheTable() {
    ExampleStack.Answer posted = stack.withKey(POST_ORDER,
        Map.of("input", Map.of("name", "Evaluated Pizza", "quantity", 3, "restaurantId", "r-9")));
    stack.drainOrders();
    String requestId = posted.response().headers().firstValue("x-amzn-RequestId").orElseThrow();

    JsonNode record = get("/_orderflow/resolvers/RecordOrder?requestId=" + requestId).body();

    assertThat(record.path("recorded").path("requestId").asText()).isEqualTo(requestId);
    assertThat(record.path("recorded").path("path").asText()).isEqualTo("postOrder");
    JsonNode context = record.path("recorded").path("request");
    assertThat(context.path("arguments").path("input").path("name").asText()).isEqualTo("Evaluated Pizza");
    JsonNode again = post(evaluation(record.path("code").asText(), context.toString(), "request")).body();
    JsonNode sent = parse(again.path("evaluationResult"));
    assertThat(again.has("error")).as(again.toString()).isFalse();
    assertThat(sent.path("operation").asText()).isEqualTo("UpdateItem");
    assertThat(sent.toString()).contains("Evaluated Pizza");
    // The response handler's context holds what the table answered.
    JsonNode response = record.path("recorded").path("response");
    assertThat(response.path("result").path("name").asText()).isEqualTo("Evaluated Pizza");
    JsonNode answered = post(evaluation(record.path("code").asText(), response.toString(), "response")).body();
    assertThat(parse(answered.path("evaluationResult")).path("name").asText()).isEqualTo("Evaluated Pizza");
  }

  @Test
  void aResolverNoRequestRanHasNoRecordedContext() {
    JsonNode publish = get("/_orderflow/resolvers/Mutation.publishOrderUpdate").body();

    assertThat(publish.path("kind").asText()).isEqualTo("PIPELINE");
    assertThat(publish.path("recorded").isNull()).isTrue();
  }

  @Test
  void anUnknownNameIsNotFoundAndSaysHowResolversAreNamed() {
    ExampleStack.Answer answer = get("/_orderflow/resolvers/postOrder");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().path("errors").get(0).path("message").asText()).contains("Type.field");
  }

  @Test
  void theEvaluatorPageIsGraphiqlWithTheEvaluatorOpen() {
    ExampleStack.Answer page = ExampleStack.send(HttpRequest.newBuilder(stack.endpoint.evaluatorUrl()).GET().build());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.response().body()).contains("\"openPane\":\"Resolver evaluator\"")
        .contains("\"resolversPath\":\"/_orderflow/resolvers\"").contains("<script src=\"/graphiql.js\">");
  }

  private static JsonNode find(JsonNode list, String name) {
    for (JsonNode r : list) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError(name + " is not listed: " + list);
  }
}
