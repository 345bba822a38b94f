package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AppSync's EvaluateCode on the endpoint's port, {@code POST /v1/dataplane-evaluatecode}, as the AWS
 * SDKs and CLI send it, and in process.
 */
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

  private static ExampleStack stack;

  @BeforeAll
  static void start() {
    stack = ExampleStack.start();
  }

  @AfterAll
  static void stop() {
    stack.close();
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
    try {
      return JSON.readTree(text.asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
}
