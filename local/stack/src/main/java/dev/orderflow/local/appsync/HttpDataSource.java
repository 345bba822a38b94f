package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.function.Function;

/**
 * The request objects of an HTTP data source, really sent. An endpoint that the local system runs (an
 * AWS service such as SQS) is mapped to its local address first.
 */
final class HttpDataSource {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Headers that java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Function<String, URI> endpoints;

  HttpDataSource(Function<String, URI> endpoints) {
    this.endpoints = endpoints;
  }

  DynamoDbDataSource.Outcome execute(String endpoint, JsonNode request) {
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
}
