package dev.orderflow.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client of the order API: typed calls for every operation, over {@code java.net.http}.
 *
 * <pre>{@code
 * OrderClient client = OrderClient.builder()
 *     .url(URI.create("https://xxxx.appsync-api.eu-west-1.amazonaws.com/graphql"))
 *     .authorization(Authorization.apiKey("da2-..."))
 *     .build();
 * Order order = client.postOrder(NewOrder.builder().name("Margherita").quantity(2)
 *     .restaurantId("Dominos Pizza").clientToken("my-order-1").build());
 * }</pre>
 *
 * <p>Errors arrive as subclasses of {@link OrderApiException}. A call is retried, with exponential
 * backoff and jitter, only where that is safe: any call the API refused before doing anything
 * (throttled, or the connection could not be made), and queries and a {@code postOrder} with a
 * client token also after a server error or a lost answer. Instances are thread-safe; share one.
 */
public final class OrderClient {

  static final String ORDER_FIELDS =
      "id name quantity restaurantId orderStatus failureReason paymentId paidQuantity createdAt updatedAt";
  private static final String POST = "mutation PostOrder($input: OrderInput!) { postOrder(input: $input) { "
      + ORDER_FIELDS + " } }";
  private static final String GET = "query GetSingleOrder($id: ID!) { getSingleOrder(id: $id) { "
      + ORDER_FIELDS + " } }";
  private static final String LIST = "query GetAllOrders($limit: Int, $nextToken: String) { "
      + "getAllOrders(limit: $limit, nextToken: $nextToken) { items { " + ORDER_FIELDS + " } nextToken } }";
  private static final String UPDATE = "mutation UpdateOrder($input: UpdateOrderInput!) { updateOrder(input: $input) { "
      + ORDER_FIELDS + " } }";
  private static final String DELETE = "mutation DeleteOrder($id: ID!) { deleteOrder(id: $id) }";

  static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final Authorization authorization;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;

  private OrderClient(Builder builder) {
    this.url = builder.url;
    this.authorization = builder.authorization;
    this.requestTimeout = builder.requestTimeout;
    this.maxAttempts = builder.maxAttempts;
    this.retryBaseDelay = builder.retryBaseDelay;
    this.retryMaxDelay = builder.retryMaxDelay;
    this.http = builder.http != null ? builder.http
        : HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
  }

  /** A builder; the URL and the authorization must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The GraphQL URL this client calls. */
  public URI url() {
    return url;
  }

  /** How this client proves who it is. */
  public Authorization authorization() {
    return authorization;
  }

  /**
   * Records and queues an order; the API answers it as PENDING and the workflow finishes it.
   * Retried when it is safe only: when the order has a client token.
   *
   * @param order what to order
   * @return the order as recorded
   */
  public Order postOrder(NewOrder order) {
    ObjectNode input = JSON.createObjectNode()
        .put("name", order.name())
        .put("quantity", order.quantity())
        .put("restaurantId", order.restaurantId());
    order.clientToken().ifPresent(token -> input.put("clientToken", token));
    ObjectNode variables = JSON.createObjectNode();
    variables.set("input", input);
    JsonNode data = execute(POST, variables, order.clientToken().isPresent());
    return Responses.order(data.get("postOrder"));
  }

  /**
   * One of the caller's orders.
   *
   * @param id the order's id
   * @return the order, or empty when the caller has no order with this id
   */
  public Optional<Order> getOrder(String id) {
    ObjectNode variables = JSON.createObjectNode().put("id", id);
    JsonNode order = execute(GET, variables, true).get("getSingleOrder");
    return order == null || order.isNull() ? Optional.empty() : Optional.of(Responses.order(order));
  }

  /**
   * One page of the caller's orders, newest first.
   *
   * @param limit how many at most, 1 to 100
   * @param nextToken the token of the previous page, or null for the first page
   * @return the page
   */
  public OrderPage listOrders(int limit, String nextToken) {
    ObjectNode variables = JSON.createObjectNode().put("limit", limit);
    if (nextToken != null) {
      variables.put("nextToken", nextToken);
    }
    JsonNode page = execute(LIST, variables, true).get("getAllOrders");
    ImmutableOrderPage.Builder builder = OrderPage.builder();
    for (JsonNode item : page.path("items")) {
      builder.addItems(Responses.order(item));
    }
    JsonNode token = page.get("nextToken");
    return builder.nextToken(token == null || token.isNull() ? Optional.empty() : Optional.of(token.asText())).build();
  }

  /**
   * All the caller's orders, newest first, fetched a page at a time as the iteration goes.
   *
   * @param pageSize orders a page, 1 to 100
   * @return the orders; each {@code iterator()} starts again from the newest
   */
  public Iterable<Order> allOrders(int pageSize) {
    return () -> new Iterator<>() {
      private Iterator<Order> page = java.util.Collections.emptyIterator();
      private String nextToken;
      private boolean last;

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && !last) {
          OrderPage fetched = listOrders(pageSize, nextToken);
          page = fetched.items().iterator();
          nextToken = fetched.nextToken().orElse(null);
          last = nextToken == null;
        }
        return page.hasNext();
      }

      @Override
      public Order next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more orders");
        }
        return page.next();
      }
    };
  }

  /**
   * Changes a PENDING order of the caller. Not retried after it may have reached the API: a second
   * attempt could meet the order already changed.
   *
   * @param update the order and the fields to change
   * @return the order as changed
   * @throws ConditionalFailureException when the order is no longer PENDING, missing or not the caller's
   */
  public Order updateOrder(OrderUpdate update) {
    ObjectNode input = JSON.createObjectNode().put("id", update.id());
    update.name().ifPresent(name -> input.put("name", name));
    update.quantity().ifPresent(quantity -> input.put("quantity", quantity));
    update.restaurantId().ifPresent(restaurant -> input.put("restaurantId", restaurant));
    ObjectNode variables = JSON.createObjectNode();
    variables.set("input", input);
    JsonNode order = execute(UPDATE, variables, false).get("updateOrder");
    if (order == null || order.isNull()) {
      throw new OrderNotFoundException(update.id());
    }
    return Responses.order(order);
  }

  /**
   * Deletes a final (SUCCESS or FAILED) order of the caller.
   *
   * @param id the order's id
   * @throws ConditionalFailureException when the order is not final, missing or not the caller's
   */
  public void deleteOrder(String id) {
    execute(DELETE, JSON.createObjectNode().put("id", id), false);
  }

  /** A watcher that follows orders by asking for them every {@code interval}. */
  public OrderWatcher pollingWatcher(Duration interval) {
    return new PollingOrderWatcher(this, interval);
  }

  /**
   * A watcher that follows orders over the API's {@code onOrderUpdated} subscription (AppSync's
   * real-time protocol), each change as it happens; it polls every {@code pollInterval} instead
   * where the API has no such subscription, or the caller signs with IAM.
   */
  public OrderWatcher subscriptionWatcher(Duration pollInterval) {
    return new SubscriptionOrderWatcher(this, new PollingOrderWatcher(this, pollInterval));
  }

  /**
   * Sends one GraphQL request and answers its {@code data}, or throws the error it answered.
   *
   * @param retryable whether the call may be repeated after it may have reached the API
   */
  JsonNode execute(String query, ObjectNode variables, boolean retryable) {
    ObjectNode request = JSON.createObjectNode().put("query", query);
    request.set("variables", variables);
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new IllegalStateException("could not write a GraphQL request", e);
    }
    int attempt = 1;
    while (true) {
      try {
        return send(body);
      } catch (ThrottlingException e) {
        // Refused before anything was done: safe to repeat for every operation.
        if (attempt >= maxAttempts) {
          throw e;
        }
      } catch (UnavailableException e) {
        boolean neverSent = e.statusCode() == 0 && (e.getCause() instanceof ConnectException
            || e.getCause() instanceof HttpConnectTimeoutException);
        if (attempt >= maxAttempts || !(retryable || neverSent)) {
          throw e;
        }
      } catch (OrderApiException e) {
        // OrderQueueError: nothing was ordered, or the order is kept PENDING for a retry with its token.
        if (!retryable || attempt >= maxAttempts || !"OrderQueueError".equals(e.errorType().orElse(null))) {
          throw e;
        }
      }
      sleepBeforeAttempt(++attempt);
    }
  }

  private JsonNode send(byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(requestTimeout)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if ("http".equals(url.getScheme())) {
      // Plain HTTP (a local endpoint): no upgrade dance to HTTP/2.
      request.version(HttpClient.Version.HTTP_1_1);
    }
    authorization.apply(request, url, body);
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new UnavailableException("cannot reach the order API at " + url + ": " + describe(e), 0, e);
    } catch (IOException e) {
      throw new UnavailableException("no answer from the order API at " + url + ": " + describe(e), 0, e);
    } catch (UnresolvedAddressException e) {
      throw new UnavailableException("cannot reach the order API at " + url + ": unknown host", 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while calling the order API at " + url, 0, e);
    }
    return Responses.data(url, response.statusCode(), response.body());
  }

  private static String describe(IOException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
    }
    String message = e.getMessage();
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within the connect timeout";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer within the request timeout";
    }
    if (e instanceof ConnectException) {
      return message == null || message.isBlank() ? "connection refused" : message;
    }
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private void sleepBeforeAttempt(int attempt) {
    // Full jitter: a random wait up to the exponential backoff, so that many callers spread out.
    long ceiling = Math.min(retryMaxDelay.toMillis(), retryBaseDelay.toMillis() << Math.min(attempt - 2, 20));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while waiting to retry a call of " + url, 0, e);
    }
  }

  /** Builds an {@link OrderClient}. */
  public static final class Builder {
    private URI url;
    private Authorization authorization;
    private HttpClient http;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxAttempts = 4;
    private Duration retryBaseDelay = Duration.ofMillis(100);
    private Duration retryMaxDelay = Duration.ofSeconds(5);

    private Builder() {}

    /** The API's GraphQL URL, e.g. {@code https://xxxx.appsync-api.eu-west-1.amazonaws.com/graphql}. */
    public Builder url(URI url) {
      this.url = url;
      return this;
    }

    /** How the client proves who it is. */
    public Builder authorization(Authorization authorization) {
      this.authorization = authorization;
      return this;
    }

    /**
     * The HTTP client to send with, e.g. one shared with other code.
     *
     * @default a new client with the connect timeout of this builder
     */
    public Builder httpClient(HttpClient http) {
      this.http = http;
      return this;
    }

    /**
     * How long to wait for a connection.
     *
     * @default 5 seconds
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * How long to wait for an answer.
     *
     * @default 30 seconds
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Attempts of a call that may be retried, the first included; 1 turns retries off.
     *
     * @default 4
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 20) {
        throw new IllegalArgumentException("maxAttempts must be from 1 to 20, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The first retry's longest wait; each further retry doubles it, up to {@link #retryMaxDelay(Duration)}.
     *
     * @default 100 milliseconds
     */
    public Builder retryBaseDelay(Duration retryBaseDelay) {
      this.retryBaseDelay = positive(retryBaseDelay, "retryBaseDelay");
      return this;
    }

    /**
     * The longest wait before a retry.
     *
     * @default 5 seconds
     */
    public Builder retryMaxDelay(Duration retryMaxDelay) {
      this.retryMaxDelay = positive(retryMaxDelay, "retryMaxDelay");
      return this;
    }

    /** The client; the URL and the authorization must have been set. */
    public OrderClient build() {
      if (url == null) {
        throw new IllegalStateException("url must be set: the API's GraphQL URL");
      }
      if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
        throw new IllegalArgumentException("url must be an http or https URL, but was " + url);
      }
      Objects.requireNonNull(authorization, "authorization must be set: an API key, IAM or a bearer token");
      return new OrderClient(this);
    }

    private static Duration positive(Duration value, String name) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, but was " + value);
      }
      return value;
    }
  }
}
