package dev.orderflow.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A client of AppSync's real-time protocol, as an app's WebSocket client speaks it; for tests. */
public final class RealtimeClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket socket;
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  public final String acceptedSubprotocol;

  private RealtimeClient(HttpClient http, URI uri, List<String> subprotocols) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (!subprotocols.isEmpty()) {
      builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    }
    socket = builder.buildAsync(uri, new Listener()).join();
    acceptedSubprotocol = socket.getSubprotocol();
  }

  /** Connects as current Amplify does: auth in a {@code header-<base64url>} subprotocol beside graphql-ws. */
  public static RealtimeClient connect(URI uri, Map<String, String> authorization) {
    return connect(HttpClient.newHttpClient(), uri, authorization);
  }

  public static RealtimeClient connect(HttpClient http, URI uri, Map<String, String> authorization) {
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString(json(authorization).getBytes(StandardCharsets.UTF_8));
    return new RealtimeClient(http, uri, List.of("graphql-ws", "header-" + header));
  }

  /** Connects as older clients do: auth in the {@code header} query parameter, {@code payload=e30=}. */
  public static RealtimeClient connectWithQueryParameter(URI uri, Map<String, String> authorization) {
    String header = Base64.getEncoder().encodeToString(json(authorization).getBytes(StandardCharsets.UTF_8));
    URI withQuery = URI.create(uri + "?header=" + java.net.URLEncoder.encode(header, StandardCharsets.UTF_8)
        + "&payload=e30=");
    return new RealtimeClient(HttpClient.newHttpClient(), withQuery, List.of("graphql-ws"));
  }

  /** An HTTP client that trusts the endpoint's certificate authority (PEM). */
  public static HttpClient trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("endpoint", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(context).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends connection_init and answers the first message that is not a keep-alive. */
  public JsonNode init() {
    send(Map.of("type", "connection_init"));
    return next();
  }

  /** Starts a subscription; answers the start_ack or error. */
  public JsonNode start(String id, String query, Map<String, Object> variables, Map<String, String> authorization) {
    return start(id, query, variables, data -> authorization);
  }

  /**
   * Starts a subscription whose authorization depends on the start's {@code data}, as a SigV4
   * signature does (see {@link IamSigner#realtimeStart}); answers the start_ack or error.
   */
  public JsonNode start(String id, String query, Map<String, Object> variables,
      java.util.function.Function<String, Map<String, String>> authorization) {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("query", query);
    data.put("variables", variables);
    String text = json(data);
    send(Map.of("id", id, "type", "start", "payload", Map.of("data", text,
        "extensions", Map.of("authorization", authorization.apply(text)))));
    return next();
  }

  public void send(Object message) {
    socket.sendText(json(message), true).join();
  }

  /** The next message that is not a keep-alive, waiting up to five seconds. */
  public JsonNode next() {
    JsonNode message = next(Duration.ofSeconds(5));
    if (message == null) {
      throw new AssertionError("no message within five seconds");
    }
    return message;
  }

  /** The next message that is not a keep-alive, or null when none comes within the wait. */
  public JsonNode next(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        JsonNode message = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (message == null || !"ka".equals(message.path("type").asText())) {
          return message;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every message received so far, keep-alives included, taken from the queue. */
  public List<JsonNode> drain() {
    List<JsonNode> all = new ArrayList<>();
    received.drainTo(all);
    return all;
  }

  /** The close code the server sent, waiting up to five seconds; null when it stays open. */
  public Integer closeCode() {
    try {
      return closed.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(JSON.readTree(partial.toString()));
        } catch (IOException e) {
          ObjectNode bad = JSON.createObjectNode().put("type", "not-json").put("text", partial.toString());
          received.add(bad);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
