package dev.orderflow.examples.pizza.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Posts GraphQL over HTTP to a local endpoint, as any AppSync client would. */
final class GraphqlClient {

  static final String POST_ORDER = """
      mutation Post($input: OrderInput!) {
        postOrder(input: $input) { id name quantity restaurantId orderStatus createdAt }
      }""";
  static final String GET_SINGLE = "query One($id: ID!) { getSingleOrder(id: $id) { id orderStatus failureReason } }";
  static final String GET_ALL = """
      query All($limit: Int, $nextToken: String) {
        getAllOrders(limit: $limit, nextToken: $nextToken) { items { id name orderStatus createdAt } nextToken }
      }""";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI url;
  private final java.util.function.Function<String, Map<String, String>> headers;

  private GraphqlClient(URI url, Map<String, String> headers) {
    this(url, body -> headers);
  }

  private GraphqlClient(URI url, java.util.function.Function<String, Map<String, String>> headers) {
    this.url = url;
    this.headers = headers;
  }

  /** An IAM caller: each request signed (SigV4) by the signer, with the local system's secret. */
  static GraphqlClient withIam(URI url, dev.orderflow.local.testing.IamSigner signer) {
    return new GraphqlClient(url, body -> signer.post(url, body));
  }

  static GraphqlClient withApiKey(URI url, String apiKey) {
    return new GraphqlClient(url, Map.of("x-api-key", apiKey));
  }

  static GraphqlClient withToken(URI url, String jwt) {
    return new GraphqlClient(url, Map.of("Authorization", jwt));
  }

  /** An HTTP answer: its status and JSON body. */
  record Answer(int status, JsonNode body) {
    JsonNode data(String field) {
      return body.path("data").path(field);
    }

    JsonNode firstError() {
      return body.path("errors").path(0);
    }
  }

  Answer post(String query, Map<String, Object> variables) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.set("variables", JSON.valueToTree(variables));
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    headers.apply(body.toString()).forEach((name, value) -> {
      if (!dev.orderflow.local.testing.IamSigner.restricted(name)) {
        request.setHeader(name, value);
      }
    });
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** postOrder's variables. */
  static Map<String, Object> order(String name, int quantity, String clientToken) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("name", name);
    input.put("quantity", quantity);
    input.put("restaurantId", "Dominos Pizza");
    if (clientToken != null) {
      input.put("clientToken", clientToken);
    }
    return Map.of("input", input);
  }

  /** Posts an order and returns its id, failing on any error. */
  String postOrder(String name, int quantity) {
    Answer answer = post(POST_ORDER, order(name, quantity, null));
    if (answer.status() != 200 || answer.body().has("errors")) {
      throw new AssertionError("postOrder failed: " + answer);
    }
    return answer.data("postOrder").path("id").asText();
  }

  /** Polls getSingleOrder until the order is SUCCESS or FAILED; returns it. */
  JsonNode awaitFinal(String id, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode order = null;
    while (Instant.now().isBefore(deadline)) {
      order = post(GET_SINGLE, Map.of("id", id)).data("getSingleOrder");
      String status = order.path("orderStatus").asText();
      if (status.equals("SUCCESS") || status.equals("FAILED")) {
        return order;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("order " + id + " is not final after " + timeout + ": " + order);
  }

  /** An unsigned JWT with the claims that Cognito puts in an ID token; the local endpoint reads, never verifies, it. */
  static String cognitoToken(String sub, String username) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"local\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(("{\"sub\":\"" + sub + "\",\"cognito:username\":\"" + username + "\","
        + "\"iss\":\"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_local\",\"token_use\":\"id\","
        + "\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}").getBytes(StandardCharsets.UTF_8));
    return header + "." + claims + ".c2lnbmF0dXJl";
  }
}
