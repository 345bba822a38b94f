package dev.orderflow.local.awsapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.events.EventsStack;
import dev.orderflow.local.gateway.IamMode;
import dev.orderflow.local.testing.JsonText;
import dev.orderflow.local.testing.NodeTests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * AppSync's EvaluateCode on the AWS endpoint of a running stack, sent as the AWS SDKs send it: the
 * AWS SDK for JavaScript v3's {@code AppSyncClient} unchanged ({@code src/test/node/evaluate-code.test.mjs}),
 * and the AWS SDK for Java's parts.
 *
 * <p>The SDK's AppSync client ({@code software.amazon.awssdk:appsync}) is not among the artifacts this
 * build can fetch, so each call is made with the same SDK parts that client is made of: the operation's
 * REST JSON body ({@code POST /v1/dataplane-evaluatecode}), signed by the SDK's SigV4 signer for the
 * {@code appsync} service with made-up credentials, sent by the SDK's HTTP client to the endpoint
 * override, and the answer read as the client's {@code EvaluateCodeResponse} members.
 */
class EvaluateCodeSdkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CODE = """
      import { util } from '@aws-appsync/utils';

      export function request(ctx) {
        util.log.info('pricing', ctx.args.name);
        if (ctx.args.quantity > 9) {
          util.error('at most 9 pizzas an order', 'TooMany', null, { quantity: ctx.args.quantity });
        }
        ctx.stash.unitPrice = 8;
        return { payload: { name: ctx.args.name, total: ctx.args.quantity * 8 } };
      }

      export function response(ctx) {
        util.log.error('priced', ctx.result.total);
        return { ...ctx.result, currency: 'EUR' };
      }
      """;

  @TempDir
  static Path directory;
  private static LocalSystem system;
  private static SdkHttpClient http;

  @BeforeAll
  static void start() {
    system = LocalSystem.builder(EventsStack.cloudAssembly(directory), EventsStack.NAME).iam(IamMode.OFF).start();
    http = UrlConnectionHttpClient.create();
  }

  @AfterAll
  static void stop() {
    http.close();
    system.close();
  }

  /** The answer's members: evaluationResult, error, logs, stash, outErrors. */
  private record Evaluation(int status, JsonNode body) {

    JsonNode evaluationResult() {
      return parse(body.path("evaluationResult"));
    }

    JsonNode codeError() {
      return body.path("error").path("codeErrors").get(0);
    }
  }

  private static Evaluation evaluateCode(String code, String context, String function) {
    ObjectNode request = JSON.createObjectNode();
    request.putObject("runtime").put("name", "APPSYNC_JS").put("runtimeVersion", "1.0.0");
    request.put("code", code);
    request.put("context", context);
    request.put("function", function);
    byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(system.awsEndpoint().resolve("/v1/dataplane-evaluatecode"))
        .putHeader("Content-Type", "application/json")
        .putHeader("Content-Length", String.valueOf(body.length))
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create("AKIDLOCAL", "anything"))
        .request(unsigned)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "appsync"));
    try {
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
          .request(signed.request()).contentStreamProvider(signed.payload().orElseThrow()).build()).call();
      try (InputStream in = response.responseBody().orElseThrow()) {
        return new Evaluation(response.httpResponse().statusCode(), JSON.readTree(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(JsonNode text) {
    return JsonText.read(text);
  }

  @Test
  void requestHandlersResultIsTheEvaluationResult() {
    Evaluation answer = evaluateCode(CODE, "{\"arguments\": {\"name\": \"Margherita\", \"quantity\": 2}}", "request");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.evaluationResult().path("payload").path("total").asInt()).isEqualTo(16);
    assertThat(parse(answer.body().path("stash")).path("unitPrice").asInt()).isEqualTo(8);
    assertThat(answer.body().has("error")).isFalse();
  }

  @Test
  void responseHandlersResultIsTheEvaluationResult() {
    Evaluation answer = evaluateCode(CODE, "{\"arguments\": {}, \"result\": {\"name\": \"Calzone\", \"total\": 24}}",
        "response");

    assertThat(answer.evaluationResult().path("name").asText()).isEqualTo("Calzone");
    assertThat(answer.evaluationResult().path("currency").asText()).isEqualTo("EUR");
  }

  @Test
  void utilLogLinesAreTheLogs() {
    Evaluation request = evaluateCode(CODE, "{\"arguments\": {\"name\": \"Diavola\", \"quantity\": 1}}", "request");
    Evaluation response = evaluateCode(CODE, "{\"result\": {\"total\": 8}}", "response");

    assertThat(request.body().path("logs")).extracting(JsonNode::asText).containsExactly("pricing Diavola");
    assertThat(response.body().path("logs")).extracting(JsonNode::asText).containsExactly("priced 8");
  }

  @Test
  void syntaxErrorIsAnErrorWithItsLocation() {
    Evaluation answer = evaluateCode("export function request(ctx) {\n  return { total: 2 * };\n}\n", "{}", "request");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().has("evaluationResult")).isFalse();
    assertThat(answer.codeError().path("errorType").asText()).isEqualTo("SYNTAX_ERROR");
    assertThat(answer.codeError().path("location").path("line").asInt()).isEqualTo(2);
    assertThat(answer.codeError().path("location").path("column").asInt()).isEqualTo(23);
  }

  @Test
  void utilErrorIsAnErrorAndAnOutErrorWithItsInfo() {
    Evaluation answer = evaluateCode(CODE, "{\"arguments\": {\"name\": \"Party\", \"quantity\": 40}}", "request");

    assertThat(answer.body().path("error").path("message").asText()).isEqualTo("at most 9 pizzas an order");
    assertThat(answer.codeError().path("errorType").asText()).isEqualTo("UTIL_ERROR");
    assertThat(answer.codeError().path("location").path("line").asInt()).isEqualTo(6);
    JsonNode outError = parse(answer.body().path("outErrors")).get(0);
    assertThat(outError.path("errorType").asText()).isEqualTo("TooMany");
    assertThat(outError.path("errorInfo").path("quantity").asInt()).isEqualTo(40);
    assertThat(answer.body().path("logs")).extracting(JsonNode::asText).containsExactly("pricing Party");
  }

  @Test
  void theJavaScriptSdksAppSyncClientEvaluatesCodeUnchanged() throws Exception {
    NodeTests.run("evaluate-code.test.mjs", 3, Map.of("ORDERFLOW_AWS_ENDPOINT", system.awsEndpoint().toString()));
  }
}
