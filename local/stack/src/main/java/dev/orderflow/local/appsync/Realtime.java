package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Fields;
import dev.orderflow.local.appsync.internal.SocketListener;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * AppSync's real-time protocol over WebSocket ({@code graphql-ws} subprotocol): connection auth in
 * the {@code header} query parameter or a {@code header-<base64url>} subprotocol,
 * {@code connection_init}/{@code connection_ack}, {@code ka} keep-alives, {@code start},
 * {@code start_ack}, {@code data}, {@code error}, {@code stop}, {@code complete} and
 * {@code connection_error}; and the subscriptions themselves, fired by the mutations that
 * {@code @aws_subscribe} names, filtered on the server.
 */
final class Realtime implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Realtime.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String SUBPROTOCOL = "graphql-ws";
  /** The paths that clients connect to: AppSync's own, and the GraphQL URL plus {@code /realtime}. */
  static final List<String> PATHS = List.of("/graphql/realtime", "/graphql", "/realtime");
  /** What AppSync tells clients in connection_ack: they drop the connection after this long without ka. */
  static final long CONNECTION_TIMEOUT_MS = 300_000;

  private final ApiModel api;
  private final GraphqlApi graphql;
  private final Clock clock;
  private final String accountId;
  private final String partition;
  private final Duration keepAlive;
  private final Duration initTimeout;
  private final SigV4Verifier signatures;
  private final RequestTraces traces;
  private final ScheduledExecutorService timer;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile dev.orderflow.local.bill.Meter meter = new dev.orderflow.local.bill.Meter();

  /** Counts the messages it delivers and the minutes its connections are open from now on into this meter. */
  void meter(dev.orderflow.local.bill.Meter meter) {
    this.meter = meter;
  }

  Realtime(ApiModel api, GraphqlApi graphql, Clock clock, String accountId, String partition, Duration keepAlive,
      Duration initTimeout, SigV4Verifier signatures, RequestTraces traces) {
    this.traces = traces;
    this.api = api;
    this.initTimeout = initTimeout;
    this.signatures = signatures;
    this.graphql = graphql;
    this.clock = clock;
    this.accountId = accountId;
    this.partition = partition;
    this.keepAlive = keepAlive;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "appsync-realtime-keepalive");
      t.setDaemon(true);
      return t;
    });
    graphql.onMutation(this::publish);
  }

  /** The handler that upgrades WebSocket requests on {@link #PATHS} and hands the others to {@code next}. */
  Handler handler(Server server, Handler next) {
    WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, container -> {
      container.setIdleTimeout(Duration.ofMinutes(30));
      for (String path : PATHS) {
        container.addMapping(path, (request, response, callback) -> {
          if (request.hasSubProtocol(SUBPROTOCOL)) {
            response.setAcceptedSubProtocol(SUBPROTOCOL);
          }
          return new SocketListener(new Connection(handshake(request), sourceIp(request)));
        });
      }
    });
    upgrade.setHandler(next);
    return upgrade;
  }

  /** How many subscriptions are open, over every connection. */
  int subscriptionCount() {
    return connections.stream().mapToInt(c -> c.subscriptions.size()).sum();
  }

  private static String sourceIp(Request request) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress() : "127.0.0.1";
  }

  /** The connection's auth headers: the {@code header-} subprotocol, or the {@code header} query parameter. */
  private static Map<String, String> handshake(ServerUpgradeRequest request) {
    String encoded = null;
    boolean urlAlphabet = false;
    for (String protocol : request.getSubProtocols()) {
      if (protocol.startsWith("header-")) {
        encoded = protocol.substring("header-".length());
        urlAlphabet = true;
      }
    }
    if (encoded == null) {
      Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      encoded = query.getValue("header");
    }
    if (encoded == null || encoded.isBlank()) {
      return null;
    }
    try {
      String normalised = encoded.replace('-', '+').replace('_', '/');
      byte[] decoded = Base64.getMimeDecoder().decode(urlAlphabet ? normalised : encoded.replace(' ', '+'));
      JsonNode headers = JSON.readTree(decoded);
      return headers.isObject() ? lowerCase(headers) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Map<String, String> lowerCase(JsonNode headers) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.fields().forEachRemaining(e -> out.put(e.getKey().toLowerCase(java.util.Locale.ROOT),
        e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return out;
  }

  /**
   * The caller of a connection or a start. An IAM caller signs, as AppSync's protocol wants, a POST
   * of {@code {}} to {@code /graphql/connect} for the connection, and a POST of the start's
   * {@code data} to {@code /graphql} for a subscription.
   */
  private Caller identify(Map<String, String> headers, String sourceIp, String signedPath, String signedBody)
      throws Caller.Unauthorized {
    if (headers == null) {
      throw new Caller.Unauthorized(Caller.NOT_AUTHORIZED);
    }
    return Caller.identify(api, headers, sourceIp, accountId, partition, clock.instant(),
        h -> signatures.verify(new SigV4Verifier.Signed("POST", signedPath, "", h,
            signedBody.getBytes(StandardCharsets.UTF_8)), clock.instant()));
  }

  // ---------------------------------------------------------------------------------------------
  // publishing

  private void publish(String mutationField, JsonNode value) {
    List<String> fields = graphql.subscriptionsOf(mutationField);
    for (Connection connection : connections) {
      for (Subscription s : connection.subscriptions.values()) {
        if (fields.contains(s.fieldName()) && s.filter().matches(value)) {
          ObjectNode selected;
          try {
            selected = graphql.selectPublished(s.query(), s.variables(), s.operationName(), s.call(), value);
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "subscription " + s.id() + " could not select from " + value, e);
            continue;
          }
          ObjectNode message = NODES.objectNode();
          message.put("id", s.id());
          message.put("type", "data");
          message.set("payload", selected);
          connection.send(message);
          meter.count(dev.orderflow.local.bill.Line.APPSYNC_MESSAGES, 1, s.fieldName());
        }
      }
    }
  }

  private record Subscription(String id, String fieldName, String query, Map<String, Object> variables,
      String operationName, GraphqlApi.Call call, SubscriptionFilter filter) {
  }

  // ---------------------------------------------------------------------------------------------
  // one connection

  private final class Connection implements SocketListener.Handler {
    private final Map<String, String> connectionHeaders;
    private final String sourceIp;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private Session session;
    private volatile boolean acknowledged;
    private volatile boolean initialised;
    private ScheduledFuture<?> keepAliveTask;
    private ScheduledFuture<?> initDeadline;
    private volatile dev.orderflow.local.bill.Meter.Connection minutes;

    Connection(Map<String, String> connectionHeaders, String sourceIp) {
      this.connectionHeaders = connectionHeaders;
      this.sourceIp = sourceIp;
    }

    @Override
    public void opened(Session session) {
      this.session = session;
      connections.add(this);
      minutes = meter.connectionOpened();
      // A connection that never says connection_init is closed, so idle sockets do not pile up.
      synchronized (this) {
        initDeadline = timer.schedule(() -> {
          if (!initialised) {
            session.close(4408, "Connection initialisation timeout", Callback.NOOP);
          }
        }, initTimeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void text(String text) {
      JsonNode message;
      try {
        message = JSON.readTree(text);
      } catch (IOException e) {
        message = null;
      }
      if (message == null || !message.isObject()) {
        send(errorMessage(null, "error", "MalformedRequestException", "The message is not a JSON object", null));
        return;
      }
      String type = message.path("type").asText("");
      switch (type) {
        case "connection_init" -> init();
        case "start" -> start(message);
        case "stop" -> stop(message);
        case "ka" -> { }
        default -> send(errorMessage(message.path("id").asText(null), "error", "UnsupportedOperation",
            "Operation " + (type.isEmpty() ? "(no type)" : type) + " is not supported", null));
      }
    }

    private void init() {
      initialised = true;
      try {
        identify(connectionHeaders, sourceIp, "/graphql/connect", "{}");
      } catch (Caller.Unauthorized e) {
        send(errorMessage(null, "connection_error", e.type(), e.getMessage(), e.status()));
        session.close(4401, "Unauthorized", Callback.NOOP);
        return;
      }
      acknowledged = true;
      ObjectNode ack = NODES.objectNode().put("type", "connection_ack");
      ack.putObject("payload").put("connectionTimeoutMs", CONNECTION_TIMEOUT_MS);
      send(ack);
      send(NODES.objectNode().put("type", "ka"));
      synchronized (this) {
        if (keepAliveTask == null) {
          keepAliveTask = timer.scheduleAtFixedRate(() -> send(NODES.objectNode().put("type", "ka")),
              keepAlive.toMillis(), keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }

    private void start(JsonNode message) {
      String id = message.path("id").asText("");
      if (id.isEmpty()) {
        send(errorMessage(null, "error", "MalformedRequestException", "A start message needs an id", null));
        return;
      }
      if (!acknowledged) {
        send(errorMessage(id, "error", "UnauthorizedException",
            "Send connection_init and wait for connection_ack before start", null));
        return;
      }
      if (subscriptions.containsKey(id)) {
        send(errorMessage(id, "error", "DuplicatedOperationError", "Subscription with id " + id
            + " already exists", null));
        return;
      }
      JsonNode payload = message.path("payload");
      JsonNode request;
      String signedBody = payload.path("data").isTextual() ? payload.get("data").asText() : payload.path("data").toString();
      try {
        request = payload.path("data").isTextual() ? JSON.readTree(payload.get("data").asText()) : payload.path("data");
      } catch (IOException e) {
        request = null;
      }
      if (request == null || !request.path("query").isTextual()) {
        send(errorMessage(id, "error", "MalformedRequestException",
            "payload.data must be the JSON text of an object with a query", null));
        return;
      }
      JsonNode authorization = payload.path("extensions").path("authorization");
      Caller caller;
      try {
        caller = identify(authorization.isObject() ? lowerCase(authorization) : null, sourceIp, "/graphql", signedBody);
      } catch (Caller.Unauthorized e) {
        send(errorMessage(id, "error", e.type(), e.getMessage(), e.status()));
        return;
      }
      String query = request.get("query").asText();
      String operationName = request.path("operationName").isTextual() ? request.get("operationName").asText() : null;
      Map<String, Object> variables = request.path("variables").isObject()
          ? JSON.convertValue(request.get("variables"),
              JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class))
          : Map.of();
      if (!GraphqlApi.isSubscription(query, operationName)) {
        // Never executed here: a mutation sent over the real-time connection must not run.
        send(errorMessage(id, "error", "UnsupportedOperation", "The document's operation is not a subscription"
            + " (or does not parse); send queries and mutations to /graphql", null));
        return;
      }
      ObjectNode headers = NODES.objectNode();
      if (authorization.isObject()) {
        lowerCase(authorization).forEach(headers::put);
      }
      GraphqlApi.Call call = new GraphqlApi.Call(caller, headers);
      // The start is traced like an HTTP request; what each published value selects later is not.
      TraceRecorder trace = traces.enabled() ? new TraceRecorder(java.util.UUID.randomUUID().toString(),
          clock.instant()) : null;
      if (trace != null) {
        trace.query = query;
        trace.operationType = "subscription";
        trace.operationName = GraphqlApi.operationOf(query, operationName)[1];
        trace.variables = request.path("variables").isObject() ? request.get("variables") : NODES.objectNode();
        trace.authMode = caller.authMode();
        Map<String, String> shown = new java.util.LinkedHashMap<>();
        headers.fields().forEachRemaining(h -> shown.put(h.getKey(), h.getValue().asText()));
        trace.caller = TraceRecorder.maskedCaller(shown, caller.identity());
      }
      GraphqlApi.StartedField started = new GraphqlApi.StartedField();
      ObjectNode outcome = graphql.startSubscription(query, variables, operationName,
          new GraphqlApi.Call(caller, headers, trace), started);
      if (outcome.has("errors") || started.fieldName == null) {
        ArrayNode errors = outcome.has("errors") ? (ArrayNode) outcome.get("errors") : NODES.arrayNode();
        finishTrace(trace, 400, errors);
        send(errors(id, errors));
        return;
      }
      SubscriptionFilter filter;
      try {
        filter = filterOf(started);
      } catch (IllegalArgumentException e) {
        ObjectNode refused = errorMessage(id, "error", "BadRequestException", "The subscription filter is not valid: "
            + e.getMessage(), null);
        finishTrace(trace, 400, refused.path("payload").path("errors"));
        send(refused);
        return;
      }
      finishTrace(trace, 200, NODES.arrayNode());
      subscriptions.put(id, new Subscription(id, started.fieldName, query, variables, operationName, call, filter));
      send(NODES.objectNode().put("id", id).put("type", "start_ack"));
    }

    private void stop(JsonNode message) {
      String id = message.path("id").asText("");
      subscriptions.remove(id);
      send(NODES.objectNode().put("id", id).put("type", "complete"));
    }

    void send(JsonNode message) {
      Session s = session;
      if (s == null || !s.isOpen()) {
        return;
      }
      String text = message.toString();
      // One message at a time, so that a subscriber sees updates in the order they were published.
      synchronized (this) {
        s.sendText(text, Callback.NOOP);
      }
    }

    @Override
    public void closed() {
      connections.remove(this);
      if (minutes != null) {
        minutes.close();
      }
      subscriptions.clear();
      synchronized (this) {
        if (keepAliveTask != null) {
          keepAliveTask.cancel(false);
        }
        if (initDeadline != null) {
          initDeadline.cancel(false);
        }
      }
    }
  }

  /**
   * The resolver's {@code extensions.setSubscriptionFilter} if it called it; else the subscriber's
   * arguments. {@code setSubscriptionInvalidationFilter} and {@code invalidateSubscriptions} are
   * accepted and have no effect locally.
   */
  private static SubscriptionFilter filterOf(GraphqlApi.StartedField started) {
    JsonNode enhanced = null;
    for (JsonNode call : started.extensionCalls) {
      if ("setSubscriptionFilter".equals(call.path("name").asText())) {
        enhanced = call.path("args").path(0);
      }
    }
    if (enhanced != null && enhanced.isObject()) {
      return SubscriptionFilter.parse(enhanced);
    }
    return SubscriptionFilter.ofArguments(started.arguments);
  }

  private static ObjectNode errors(String id, ArrayNode errors) {
    ObjectNode message = NODES.objectNode();
    if (id != null) {
      message.put("id", id);
    }
    message.put("type", "error");
    ArrayNode out = message.putObject("payload").putArray("errors");
    for (JsonNode e : errors) {
      ObjectNode each = NODES.objectNode();
      each.put("errorType", e.path("errorType").isTextual() ? e.get("errorType").asText() : "ValidationError");
      each.put("message", e.path("message").asText());
      out.add(each);
    }
    return message;
  }

  private static ObjectNode errorMessage(String id, String type, String errorType, String text, Integer code) {
    ObjectNode message = NODES.objectNode();
    if (id != null) {
      message.put("id", id);
    }
    message.put("type", type);
    ObjectNode error = message.putObject("payload").putArray("errors").addObject();
    error.put("errorType", errorType);
    error.put("message", text);
    if (code != null) {
      error.put("errorCode", code);
    }
    return message;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    connections.clear();
  }

  private void finishTrace(TraceRecorder trace, int status, JsonNode errors) {
    if (trace == null) {
      return;
    }
    java.util.List<JsonNode> list = new java.util.ArrayList<>();
    errors.forEach(list::add);
    traces.add(trace.finish(traces.nextSequence(), status, list));
  }
}
