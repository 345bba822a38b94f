package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request objects of an HTTP data source, really sent. An endpoint that the local system runs (an
 * AWS service such as SQS) is mapped to its local address first.
 */
final class HttpDataSource {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Headers that java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** An AWS service's regional endpoint: a call to it goes through the gateway when the service runs locally. */
  private static final Pattern AWS_ENDPOINT = Pattern.compile("https://([a-z0-9-]+)\\.[a-z0-9-]+\\.amazonaws\\.com/?");

  private static final java.time.format.DateTimeFormatter AMZ_DATE =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Function<String, URI> endpoints;
  private final CallGateway gateway;

  HttpDataSource(Function<String, URI> endpoints, CallGateway gateway) {
    this.endpoints = endpoints;
    this.gateway = gateway;
  }

  DynamoDbDataSource.Outcome execute(Caller caller, ApiModel.DataSource ds, JsonNode request) {
    ObjectNode traced = traced(ds, request);
    DynamoDbDataSource.Outcome outcome = send(caller, ds, request);
    if (traced != null) {
      traced.set("response", outcome.result());
      if (outcome.errorType() != null) {
        traced.putObject("error").put("type", outcome.errorType()).put("message", outcome.errorMessage());
      }
    }
    return outcome;
  }

  /**
   * The HTTP request as a trace shows it, recorded when the request is traced: method, URL, headers
   * (with those AppSync adds when it signs for the data source's role, the signature masked) and body.
   */
  private static ObjectNode traced(ApiModel.DataSource ds, JsonNode request) {
    if (!GraphqlApi.tracingCalls()) {
      return null;
    }
    ObjectNode out = NODES.objectNode();
    out.put("kind", "HTTP");
    out.put("method", request.path("method").asText("GET").toUpperCase());
    String path = request.path("resourcePath").asText("/");
    out.put("url", ds.httpEndpoint().replaceFirst("/$", "") + (path.startsWith("/") ? path : "/" + path));
    JsonNode params = request.path("params");
    if (params.path("query").isObject() && !params.path("query").isEmpty()) {
      out.set("query", params.get("query"));
    }
    ObjectNode headers = NODES.objectNode();
    params.path("headers").fields().forEachRemaining(h -> headers.set(h.getKey(), h.getValue()));
    if (ds.signingService() != null) {
      String amzDate = amzDate();
      headers.put("x-amz-date", amzDate);
      java.util.TreeSet<String> signed = new java.util.TreeSet<>();
      headers.fieldNames().forEachRemaining(n -> signed.add(n.toLowerCase(java.util.Locale.ROOT)));
      signed.add("host");
      // AppSync signs with the data source role's session credentials; the key id and the signature are masked.
      headers.put("authorization", authorization(ds, amzDate, TraceRecorder.MASK, String.join(";", signed),
          TraceRecorder.MASK));
      out.putObject("signedBy").put("role", ds.roleArn()).put("region", ds.signingRegion())
          .put("service", ds.signingService());
    }
    out.set("headers", TraceRecorder.maskedHeaders(headers));
    JsonNode body = params.path("body");
    out.set("body", body.isMissingNode() ? NODES.nullNode() : body);
    GraphqlApi.recordCall(out);
    return out;
  }

  /** The time of a signature, as {@code X-Amz-Date} carries it. */
  private static String amzDate() {
    return java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).format(AMZ_DATE);
  }

  /** The {@code Authorization} header of a request signed for the data source's role, at {@code amzDate}. */
  private static String authorization(ApiModel.DataSource ds, String amzDate, String keyId, String signedHeaders,
      String signature) {
    return SigV4Verifier.ALGORITHM + " Credential=" + keyId + "/" + amzDate.substring(0, 8) + "/" + ds.signingRegion()
        + "/" + ds.signingService() + "/aws4_request, SignedHeaders=" + signedHeaders + ", Signature=" + signature;
  }

  private DynamoDbDataSource.Outcome send(Caller caller, ApiModel.DataSource ds, JsonNode request) {
    String endpoint = ds.httpEndpoint();
    DynamoDbDataSource.Outcome local = throughGateway(caller, endpoint, request);
    if (local != null) {
      return local;
    }
    URI base = endpoints.apply(endpoint);
    if (base == null) {
      base = URI.create(endpoint);
    }
    String path = request.path("resourcePath").asText("/");
    StringBuilder url = new StringBuilder(base.toString().replaceFirst("/$", ""));
    url.append(path.startsWith("/") ? path : "/" + path);
    JsonNode params = request.path("params");
    String separator = "?";
    Iterator<Map.Entry<String, JsonNode>> query = params.path("query").fields();
    while (query.hasNext()) {
      Map.Entry<String, JsonNode> q = query.next();
      url.append(separator).append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(q.getValue().asText(), StandardCharsets.UTF_8));
      separator = "&";
    }
    String method = request.path("method").asText("GET").toUpperCase();
    JsonNode body = params.path("body");
    String bodyText = body.isMissingNode() || body.isNull() ? null : body.isTextual() ? body.asText() : body.toString();
    HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(10))
        .method(method, bodyText == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(bodyText, StandardCharsets.UTF_8));
    Iterator<Map.Entry<String, JsonNode>> headers = params.path("headers").fields();
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> h = headers.next();
      if (!RESTRICTED.contains(h.getKey().toLowerCase())) {
        http.header(h.getKey(), h.getValue().asText());
      }
    }
    if (ds.signingService() != null) {
      // AppSync signs for the data source's role. The local services check that a call is signed,
      // not the signature's value, so the credentials here are the role's name, not a secret.
      String amzDate = amzDate();
      http.header("x-amz-date", amzDate);
      http.header("authorization", authorization(ds, amzDate, "LOCALDATASOURCEROLE", "host;x-amz-date", "unverified"));
    }
    try {
      HttpResponse<String> response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
      ObjectNode result = NODES.objectNode();
      result.put("statusCode", response.statusCode());
      ObjectNode answerHeaders = result.putObject("headers");
      for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
        answerHeaders.put(h.getKey(), String.join(",", h.getValue()));
      }
      result.put("body", response.body());
      return DynamoDbDataSource.Outcome.ok(result);
    } catch (HttpTimeoutException e) {
      return DynamoDbDataSource.Outcome.error("Request to " + url + " timed out", "HttpTimeout");
    } catch (IOException e) {
      return DynamoDbDataSource.Outcome.error("Unable to connect to " + url + ": " + e.getMessage(), "HttpError");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DynamoDbDataSource.Outcome.error("Interrupted while calling " + url, "HttpError");
    }
  }

  /**
   * A call to an AWS service that the local system runs, in the service's JSON protocol (an
   * {@code X-Amz-Target} header and a JSON body): handed to the gateway as the data source's role
   * instead of sent over the network, and answered as the service answers over HTTP.
   *
   * @return the outcome, or {@code null} when the call is not one for the gateway
   */
  private DynamoDbDataSource.Outcome throughGateway(Caller caller, String endpoint, JsonNode request) {
    Matcher aws = AWS_ENDPOINT.matcher(endpoint);
    if (gateway == null || !aws.matches() || !gateway.serves(aws.group(1))) {
      return null;
    }
    String target = null;
    for (Iterator<Map.Entry<String, JsonNode>> h = request.path("params").path("headers").fields(); h.hasNext(); ) {
      Map.Entry<String, JsonNode> header = h.next();
      if (header.getKey().equalsIgnoreCase("x-amz-target")) {
        target = header.getValue().asText();
      }
    }
    if (target == null || !target.contains(".")) {
      return null;
    }
    String operation = target.substring(target.lastIndexOf('.') + 1);
    JsonNode body = request.path("params").path("body");
    ObjectNode result = NODES.objectNode();
    result.putObject("headers").put("content-type", "application/x-amz-json-1.0")
        .put("x-amzn-requestid", UUID.randomUUID().toString());
    try {
      JsonNode parsed = body.isTextual() ? JSON.readTree(body.asText()) : body;
      JsonNode answer = gateway.call(caller, aws.group(1), operation, parsed == null ? NODES.objectNode() : parsed);
      result.put("statusCode", 200);
      result.put("body", answer.toString());
    } catch (IOException e) {
      result.put("statusCode", 400);
      result.put("body", NODES.objectNode().put("__type", "com.amazon.coral.service#SerializationException")
          .put("message", "the request body is not JSON").toString());
    } catch (ServiceException e) {
      String namespace = e.accessDenied() ? "com.amazon.coral.service#" : "com.amazonaws." + e.service() + "#";
      result.put("statusCode", e.status());
      result.put("body", NODES.objectNode().put("__type", namespace + e.code()).put("message", e.getMessage())
          .toString());
    }
    return DynamoDbDataSource.Outcome.ok(result);
  }
}
