package dev.orderflow.local.awsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.appsync.LoopbackPolicy;
import dev.orderflow.local.bill.BillView;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * One loopback HTTP endpoint where the AWS SDKs and CLI reach the local services unchanged: point
 * a client's endpoint at {@link #uri()}, with any credentials and any region.
 *
 * <p>A request is dispatched by its protocol. The JSON protocols name the operation in
 * {@code X-Amz-Target}: {@code DynamoDB_20120810.*} and {@code DynamoDBStreams_20120810.*} (the
 * table engine), {@code AmazonSQS.*}, {@code AWSStepFunctions.*} and {@code AWSEvents.*}. SNS speaks
 * the query protocol: a form with {@code Action=...}, answered in XML. Every call goes through the
 * {@link CallGateway} as {@link Caller#USER}, whom IAM does not judge (the user acts as an
 * administrator). Errors keep each protocol's shape: {@code __type} and {@code message} in JSON,
 * {@code <ErrorResponse>} for SNS.
 *
 * <p>AppSync's {@code EvaluateCode} is REST JSON at {@code POST /v1/dataplane-evaluatecode}.
 *
 * <p>{@code GET /_orderflow/executions} and {@code GET /_orderflow/executions/{executionArn}} serve
 * the state machines' executions, EXPRESS ones included, from an {@link ExecutionsView};
 * {@code GET /_orderflow/bill} the local system's bill; every other path under {@code /_orderflow/}
 * is answered by the {@link LocalPages} given (the console).
 */
public final class AwsEndpoint implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXECUTIONS_PATH = "/_orderflow/executions";
  private static final String PAGES_PATH = "/_orderflow";
  private static final String BILL_PATH = "/_orderflow/bill";
  /** AppSync's EvaluateCode, as the SDKs and the CLI call it. */
  private static final String EVALUATE_CODE_PATH = "/v1/dataplane-evaluatecode";
  private static final Map<String, String> SERVICES_BY_TARGET = Map.of(
      "DynamoDB_20120810", "dynamodb",
      "DynamoDBStreams_20120810", "dynamodb",
      "AmazonSQS", "sqs",
      "AWSStepFunctions", "states",
      "AWSEvents", "events");

  private final CallGateway gateway;
  private final ExecutionsView executions;
  private final LocalPages pages;
  private final LoopbackPolicy loopback;
  private volatile BillView bill;
  private final Server server;
  private final ServerConnector connector;

  private AwsEndpoint(CallGateway gateway, int port, ExecutionsView executions, LocalPages pages,
      Collection<String> allowOrigins) {
    this.loopback = new LoopbackPolicy("127.0.0.1", allowOrigins);
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.executions = Objects.requireNonNull(executions, "executions");
    this.pages = Objects.requireNonNull(pages, "pages");
    QueuedThreadPool threads = new QueuedThreadPool(32, 2, 60_000, new LinkedBlockingQueue<>());
    threads.setName("orderflow-aws-endpoint");
    threads.setDaemon(true);
    server = new Server(threads, new ScheduledExecutorScheduler("orderflow-aws-endpoint-scheduler", true), null);
    connector = AwsJsonPort.loopback(server, port, "");
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        serve(request, response, callback);
        return true;
      }
    });
  }

  /**
   * Starts an endpoint on a loopback port.
   *
   * @param gateway the gateway every call goes through
   * @param port the port; 0 for a free one
   * @param executions the executions that {@code /_orderflow/executions} serves
   * @return the running endpoint; close it to free the port
   * @throws IllegalStateException when the port cannot be opened, naming it
   */
  public static AwsEndpoint start(CallGateway gateway, int port, ExecutionsView executions) {
    return start(gateway, port, executions, LocalPages.NONE);
  }

  /**
   * Starts an endpoint on a loopback port that also serves pages under {@code /_orderflow/}.
   *
   * @param gateway the gateway every call goes through
   * @param port the port; 0 for a free one
   * @param executions the executions that {@code /_orderflow/executions} serves
   * @param pages the other pages under {@code /_orderflow/} (the console)
   * @return the running endpoint; close it to free the port
   * @throws IllegalStateException when the port cannot be opened, naming it
   */
  public static AwsEndpoint start(CallGateway gateway, int port, ExecutionsView executions, LocalPages pages) {
    return start(gateway, port, executions, pages, List.of());
  }

  /**
   * The same, answering browser pages of {@code allowOrigins} besides the loopback ones.
   *
   * @param gateway the gateway every call goes through
   * @param port the port; 0 for a free one
   * @param executions the executions that {@code /_orderflow/executions} serves
   * @param pages the other pages under {@code /_orderflow/} (the console)
   * @param allowOrigins origins such as {@code http://dev.example.test:3000} whose pages may call it
   * @return the running endpoint; close it to free the port
   * @throws IllegalStateException when the port cannot be opened, naming it
   */
  public static AwsEndpoint start(CallGateway gateway, int port, ExecutionsView executions, LocalPages pages,
      Collection<String> allowOrigins) {
    AwsEndpoint endpoint = new AwsEndpoint(gateway, port, executions, pages, allowOrigins);
    try {
      endpoint.server.start();
    } catch (Exception e) {
      endpoint.close();
      throw new IllegalStateException("the AWS endpoint could not listen on 127.0.0.1:" + port + ": " + e.getMessage(),
          e);
    }
    return endpoint;
  }

  /**
   * Serves the local system's bill at {@code GET /_orderflow/bill} ({@code DELETE} resets it), as
   * the GraphQL endpoint does: for stacks without an API too.
   *
   * @param bill the bill
   */
  public void bill(BillView bill) {
    this.bill = bill;
  }

  /**
   * The endpoint's URL, e.g. {@code http://127.0.0.1:41234}, for a client's endpoint override.
   *
   * @return the URL
   */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private void serve(Request request, Response response, Callback callback) {
    String requestId = UUID.randomUUID().toString();
    response.getHeaders().put("x-amzn-RequestId", requestId);
    response.getHeaders().put("x-amz-request-id", requestId);
    String path = Request.getPathInContext(request);
    // Before anything else: a page of another site, or a name that DNS rebinding points here, gets nothing.
    String refusal = AwsJsonPort.refuseForeign(request, loopback);
    if (refusal != null) {
      AwsJsonPort.writeError(response, 403, "AccessDeniedException", refusal, callback);
      return;
    }
    try {
      if (path.equals(EXECUTIONS_PATH) || path.startsWith(EXECUTIONS_PATH + "/")) {
        serveExecutions(request, path, response, callback);
        return;
      }
      if (bill != null && path.equals(BILL_PATH) && "GET".equals(request.getMethod())) {
        write(response, 200, "application/json", bill.get().toJson().toString(), callback);
        return;
      }
      if (bill != null && (path.equals(BILL_PATH) && "DELETE".equals(request.getMethod())
          || path.equals(BILL_PATH + "/reset") && "POST".equals(request.getMethod()))) {
        write(response, 200, "application/json", bill.reset().toJson().toString(), callback);
        return;
      }
      if (path.equals(PAGES_PATH) || path.startsWith(PAGES_PATH + "/")) {
        servePage(request, path, response, callback);
        return;
      }
      String method = request.getMethod();
      if (("GET".equals(method) || "HEAD".equals(method)) && path.equals("/")) {
        write(response, 200, "text/plain", "orderflow local AWS endpoint: POST AWS API calls here\n", callback);
        return;
      }
      if ("GET".equals(method) || "HEAD".equals(method)) {
        AwsJsonPort.writeError(response, 404, "UnknownOperationException", "nothing is served at " + abbreviate(path)
            + ": POST AWS API calls to /, or GET " + EXECUTIONS_PATH, callback);
        return;
      }
      if (!"POST".equals(method)) {
        AwsJsonPort.writeError(response, 405, "UnknownOperationException", "the AWS endpoint answers POST, not "
            + abbreviate(method), callback);
        return;
      }
      byte[] body = Content.Source.asInputStream(request).readAllBytes();
      String target = request.getHeaders().get("X-Amz-Target");
      if (!AwsJsonPort.signed(request)) {
        // As AWS answers a call without a signature; the AWS SDKs and the CLI always sign.
        if (target != null || path.equals(EVALUATE_CODE_PATH)) {
          // DynamoDB answers it with 400, the other JSON services with 403.
          int status = target != null && target.startsWith("DynamoDB") ? 400 : 403;
          writeJsonError(response, "application/x-amz-json-1.0", status, "MissingAuthenticationTokenException",
              AwsJsonPort.MISSING_TOKEN, callback);
        } else {
          write(response, 403, "text/xml", QueryProtocol.error("MissingAuthenticationToken", AwsJsonPort.MISSING_TOKEN,
              403, requestId), callback);
        }
        return;
      }
      if (path.equals(EVALUATE_CODE_PATH)) {
        serveEvaluateCode(body, response, callback);
      } else if (target != null) {
        serveJson(request, target, body, response, callback);
      } else {
        serveQuery(new String(body, StandardCharsets.UTF_8), requestId, response, callback);
      }
    } catch (IOException | RuntimeException e) {
      ObjectNode error = JSON.createObjectNode().put("__type", "InternalFailure").put("message", String.valueOf(e));
      write(response, 500, "application/x-amz-json-1.0", error.toString(), callback);
    }
  }

  private void serveJson(Request request, String target, byte[] body, Response response, Callback callback) {
    String contentType = Optional.ofNullable(request.getHeaders().get(HttpHeader.CONTENT_TYPE))
        .filter(type -> type.startsWith("application/x-amz-json")).orElse("application/x-amz-json-1.0");
    int dot = target.indexOf('.');
    String service = dot < 0 ? null : SERVICES_BY_TARGET.get(target.substring(0, dot));
    if (service == null) {
      writeJsonError(response, contentType, 400, "UnknownOperationException",
          "the local AWS endpoint answers DynamoDB, DynamoDB Streams, SQS, Step Functions, EventBridge and SNS, not "
              + target, callback);
      return;
    }
    String operation = target.substring(dot + 1);
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      writeJsonError(response, contentType, 400, "SerializationException", "the request body is not JSON: "
          + e.getMessage(), callback);
      return;
    }
    try {
      JsonNode answer = gateway.call(Caller.USER, service, operation, json == null ? JSON.createObjectNode() : json);
      write(response, 200, contentType, answer.toString(), callback);
    } catch (ServiceException e) {
      writeJsonError(response, contentType, e.status(), e.code(), e.getMessage(), callback);
    }
  }

  /**
   * AppSync's {@code EvaluateCode}, a REST JSON operation: the body is the request, errors carry
   * {@code x-amzn-ErrorType}.
   */
  private void serveEvaluateCode(byte[] body, Response response, Callback callback) {
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      response.getHeaders().put("x-amzn-ErrorType", "BadRequestException");
      writeJsonError(response, "application/json", 400, "BadRequestException", "the request body is not JSON", callback);
      return;
    }
    try {
      JsonNode answer = gateway.call(Caller.USER, "appsync", "EvaluateCode", json == null ? JSON.createObjectNode() : json);
      write(response, 200, "application/json", answer.toString(), callback);
    } catch (ServiceException e) {
      response.getHeaders().put("x-amzn-ErrorType", e.code());
      writeJsonError(response, "application/json", e.status(), e.code(), e.getMessage(), callback);
    }
  }

  private void serveQuery(String form, String requestId, Response response, Callback callback) {
    Map<String, String> parameters = formFields(form);
    String action = parameters.remove("Action");
    parameters.remove("Version");
    if (action == null) {
      write(response, 400, "text/xml", QueryProtocol.error("MissingAction",
          "the request names no Action and no X-Amz-Target: it is no AWS API call", 400, requestId), callback);
      return;
    }
    try {
      JsonNode answer = gateway.call(Caller.USER, "sns", action, QueryProtocol.request(parameters));
      write(response, 200, "text/xml", QueryProtocol.answer(action, answer, requestId), callback);
    } catch (ServiceException e) {
      write(response, e.status(), "text/xml", QueryProtocol.error(e.code(), e.getMessage(), e.status(), requestId),
          callback);
    }
  }

  private void serveExecutions(Request request, String path, Response response, Callback callback) {
    Map<String, String> query = formFields(Optional.ofNullable(request.getHttpURI().getQuery()).orElse(""));
    if (path.equals(EXECUTIONS_PATH) || path.equals(EXECUTIONS_PATH + "/")) {
      ObjectNode answer = JSON.createObjectNode();
      answer.set("executions", executions.list(query.get("stateMachineArn"), query.get("status"), query.get("contains")));
      write(response, 200, "application/json", answer.toString(), callback);
      return;
    }
    String arn = URLDecoder.decode(path.substring(EXECUTIONS_PATH.length() + 1), StandardCharsets.UTF_8);
    Optional<JsonNode> execution = executions.describe(arn);
    if (execution.isPresent()) {
      write(response, 200, "application/json", execution.get().toString(), callback);
    } else {
      ObjectNode error = JSON.createObjectNode().put("__type", "ExecutionDoesNotExist")
          .put("message", "Execution Does Not Exist: '" + arn + "'");
      write(response, 404, "application/json", error.toString(), callback);
    }
  }

  private void servePage(Request request, String path, Response response, Callback callback) {
    Map<String, String> query = formFields(Optional.ofNullable(request.getHttpURI().getQuery()).orElse(""));
    LocalPages.PageRequest page = new LocalPages.PageRequest(request.getMethod(), path, query,
        request.getHeaders().get(HttpHeader.ACCEPT), request.getHeaders().get(HttpHeader.HOST),
        request.getHeaders().get(HttpHeader.ORIGIN));
    Optional<LocalPages.Answer> answer = pages.serve(page);
    if (answer.isEmpty()) {
      ObjectNode error = JSON.createObjectNode().put("__type", "NotFoundException").put("message", "No such path: "
          + path + "; the console is at " + PAGES_PATH + "/");
      write(response, 404, "application/json", error.toString(), callback);
      return;
    }
    byte[] body = answer.get().body();
    response.setStatus(answer.get().status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.get().contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static Map<String, String> formFields(String form) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      fields.put(key, value);
    }
    return fields;
  }

  private static String abbreviate(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }

  private static void writeJsonError(Response response, String contentType, int status, String code, String message,
      Callback callback) {
    AwsJsonPort.writeError(response, contentType, status, code, message, callback);
  }

  private static void write(Response response, int status, String contentType, String body, Callback callback) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** Frees the port and the endpoint's threads. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the AWS endpoint did not stop: " + e.getMessage(), e);
    }
  }
}
