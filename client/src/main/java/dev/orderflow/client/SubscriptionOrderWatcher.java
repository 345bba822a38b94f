package dev.orderflow.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows an order over the API's {@code onOrderUpdated} subscription, with AppSync's real-time
 * protocol: each change arrives as it happens. Where the connection cannot be made or the API has
 * no such subscription, it follows the order by polling instead, for the time that is left.
 */
final class SubscriptionOrderWatcher implements OrderWatcher {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBSCRIPTION = "subscription Watch($id: ID) { onOrderUpdated(id: $id) { "
      + OrderClient.ORDER_FIELDS + " } }";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final OrderClient client;
  private final OrderWatcher fallback;

  SubscriptionOrderWatcher(OrderClient client, OrderWatcher fallback) {
    this.client = client;
    this.fallback = fallback;
  }

  @Override
  public Order watch(String orderId, Duration timeout, Consumer<Order> onChange) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> headers = client.authorization().realtimeHeaders();
    if (headers == null) {
      return fallback.watch(orderId, timeout, onChange);
    }
    Order first = client.getOrder(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
    onChange.accept(first);
    if (first.orderStatus().isFinal()) {
      return first;
    }
    Order last = first;
    BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    WebSocket socket;
    try {
      socket = connect(headers, messages);
    } catch (RuntimeException e) {
      return polling(orderId, deadline, onChange, last);
    }
    try {
      String id = UUID.randomUUID().toString();
      boolean started = false;
      // A subscription that is not acknowledged in time is given up for polling.
      long startBy = System.nanoTime() + START_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        long until = started ? deadline : Math.min(deadline, startBy);
        JsonNode message = messages.poll(Math.max(1, (until - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        if (message == null) {
          break;
        }
        String type = message.path("type").asText();
        switch (type) {
          case "connection_ack" -> {
            if (!send(socket, start(id, orderId, headers))) {
              return polling(orderId, deadline, onChange, last);
            }
          }
          case "start_ack" -> {
            started = true;
            // A change between the first read and the subscription's start would be missed: read again.
            Order now = client.getOrder(orderId).orElse(last);
            if (!PollingOrderWatcher.same(last, now)) {
              onChange.accept(now);
              last = now;
            }
          }
          case "data" -> {
            JsonNode order = message.path("payload").path("data").path("onOrderUpdated");
            if (!order.isMissingNode() && !order.isNull() && orderId.equals(order.path("id").asText())) {
              Order now = Responses.order(order);
              if (!PollingOrderWatcher.same(last, now)) {
                onChange.accept(now);
                last = now;
              }
            }
          }
          case "error", "connection_error", "closed" -> {
            // No subscription here (or it was refused): poll for the time that is left.
            return polling(orderId, deadline, onChange, last);
          }
          default -> { }
        }
        if (last.orderStatus().isFinal()) {
          return last;
        }
        if (!started && System.nanoTime() >= startBy) {
          break;
        }
      }
      return started ? last : polling(orderId, deadline, onChange, last);
    } finally {
      socket.abort();
    }
  }

  private Order polling(String orderId, long deadline, Consumer<Order> onChange, Order last) throws InterruptedException {
    long left = Math.max(1, deadline - System.nanoTime());
    Order[] seen = {last};
    return fallback.watch(orderId, Duration.ofNanos(left), order -> {
      if (!PollingOrderWatcher.same(seen[0], order)) {
        onChange.accept(order);
        seen[0] = order;
      }
    });
  }

  private WebSocket connect(Map<String, String> headers, BlockingQueue<JsonNode> messages) {
    URI realtime = realtimeUrl(client.url());
    Map<String, String> authorization = new LinkedHashMap<>();
    authorization.put("host", hostOf(client.url()));
    authorization.putAll(headers);
    String header;
    try {
      header = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(JSON.writeValueAsString(authorization).getBytes(StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .subprotocols("graphql-ws", "header-" + header)
        .buildAsync(realtime, new Listener(messages))
        .join();
    if (!send(socket, "{\"type\":\"connection_init\"}")) {
      socket.abort();
      throw new IllegalStateException("the real-time connection refused connection_init");
    }
    return socket;
  }

  /**
   * Sends one message and waits until it is written: a WebSocket refuses a send while the one
   * before it is still pending, and the answer to a message can arrive before its own send is
   * reported done, so a send that is not waited for can be lost.
   */
  private static boolean send(WebSocket socket, String message) {
    try {
      socket.sendText(message, true).get(10, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  private String start(String id, String orderId, Map<String, String> headers) {
    ObjectNode start = JSON.createObjectNode();
    start.put("id", id);
    start.put("type", "start");
    ObjectNode payload = start.putObject("payload");
    ObjectNode request = JSON.createObjectNode();
    request.put("query", SUBSCRIPTION);
    request.putObject("variables").put("id", orderId);
    payload.put("data", request.toString());
    ObjectNode authorization = payload.putObject("extensions").putObject("authorization");
    authorization.put("host", hostOf(client.url()));
    headers.forEach(authorization::put);
    return start.toString();
  }

  /** AppSync's real-time address of a GraphQL URL: its realtime host on AWS, {@code <url>/realtime} elsewhere. */
  static URI realtimeUrl(URI graphql) {
    String scheme = "https".equals(graphql.getScheme()) ? "wss" : "ws";
    String host = graphql.getHost();
    if (host != null && host.contains(".appsync-api.")) {
      return URI.create(scheme + "://" + host.replace(".appsync-api.", ".appsync-realtime-api.") + graphql.getPath());
    }
    return URI.create(scheme + "://" + graphql.getRawAuthority() + graphql.getRawPath() + "/realtime");
  }

  private static String hostOf(URI url) {
    return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
  }

  /** Hands each whole text message, parsed, to the watcher; a close becomes a {@code closed} message. */
  private static final class Listener implements WebSocket.Listener {
    private final BlockingQueue<JsonNode> messages;
    private final StringBuilder text = new StringBuilder();

    Listener(BlockingQueue<JsonNode> messages) {
      this.messages = messages;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          messages.add(JSON.readTree(text.toString()));
        } catch (java.io.IOException e) {
          messages.add(JSON.createObjectNode().put("type", "error"));
        }
        text.setLength(0);
      }
      webSocket.request(1);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      messages.add(JSON.createObjectNode().put("type", "closed"));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      messages.add(JSON.createObjectNode().put("type", "closed"));
    }
  }

}
