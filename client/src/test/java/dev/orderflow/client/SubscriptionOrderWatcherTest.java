package dev.orderflow.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Following an order over the real-time subscription, against a stand-in API that speaks both HTTP and WebSocket. */
class SubscriptionOrderWatcherTest {

  private final RealtimeStandIn api = new RealtimeStandIn();
  private final OrderClient client = OrderClient.builder().url(api.url())
      .authorization(Authorization.apiKey("da2-test")).retryBaseDelay(Duration.ofMillis(5)).build();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aSubscriptionThatIsNeverAcknowledgedFallsBackToReadingTheOrder() throws InterruptedException {
    List<OrderStatus> seen = new ArrayList<>();
    long started = System.nanoTime();

    Order last = client.subscriptionWatcher(Duration.ofMillis(100))
        .watch("o-1", Duration.ofSeconds(60), order -> seen.add(order.orderStatus()));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(last.orderStatus()).isEqualTo(OrderStatus.SUCCESS);
    assertThat(seen).containsExactly(OrderStatus.PENDING, OrderStatus.SUCCESS);
    // Given up on the subscription after its start timeout, not after the whole watch.
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    // The subscription was asked for: only its acknowledgement was missing.
    assertThat(api.realtimeMessages).containsSubsequence("connection_init", "start");
  }

  /**
   * A stand-in AppSync API on loopback, written by hand on a plain server socket: it answers
   * {@code getSingleOrder} over HTTP POST to {@code /graphql} with the order PENDING on the first
   * read and SUCCESS on every read after, and accepts AppSync's real-time WebSocket at
   * {@code /graphql/realtime}, where it acknowledges the connection and keeps it alive but never
   * acknowledges a subscription's {@code start}. It keeps the type of every real-time message.
   */
  private static final class RealtimeStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    final List<String> realtimeMessages = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final ServerSocket server;

    RealtimeStandIn() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread accepting = new Thread(this::accept, "stand-in-accept");
      accepting.setDaemon(true);
      accepting.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/graphql");
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket connection = server.accept();
          connections.add(connection);
          Thread serving = new Thread(() -> serve(connection), "stand-in-connection");
          serving.setDaemon(true);
          serving.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    /** Answers one request on a connection: a GraphQL POST, or the upgrade to the real-time WebSocket. */
    private void serve(Socket connection) {
      try (connection) {
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        String[] requestLine = line(in).split(" ");
        if (requestLine.length < 2) {
          return; // opened and closed without a request
        }
        Map<String, String> headers = new HashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
          int colon = header.indexOf(':');
          headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        String path = requestLine[1];
        if (path.startsWith("/graphql/realtime") && "websocket".equalsIgnoreCase(headers.get("upgrade"))) {
          realtime(headers.get("sec-websocket-key"), in, out);
        } else {
          byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
          graphql(new String(body, StandardCharsets.UTF_8), out);
        }
      } catch (IOException e) {
        // The client went away: nothing left to answer.
      }
    }

    private void graphql(String body, OutputStream out) throws IOException {
      String answer = body.contains("getSingleOrder")
          ? "{\"data\":{\"getSingleOrder\":" + order(reads.getAndIncrement() == 0 ? "PENDING" : "SUCCESS") + "}}"
          : "{\"data\":null}";
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + bytes.length
          + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
    }

    /** The real-time side: acknowledges the connection, sends a keep-alive, and leaves every start unanswered. */
    private void realtime(String key, InputStream in, OutputStream out) throws IOException {
      out.write(("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n"
          + "sec-websocket-accept: " + accept(key) + "\r\nsec-websocket-protocol: graphql-ws\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (String message = message(in); message != null; message = message(in)) {
        String type = JSON.readTree(message).path("type").asText();
        realtimeMessages.add(type);
        if (type.equals("connection_init")) {
          send(out, "{\"type\":\"connection_ack\",\"payload\":{\"connectionTimeoutMs\":300000}}");
          send(out, "{\"type\":\"ka\"}");
        }
      }
    }

    /** Reads one whole text message from the client, unmasking its frames; null once the client closes. */
    private static String message(InputStream in) throws IOException {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      while (true) {
        int first = in.read();
        int second = in.read();
        if (first < 0 || second < 0) {
          return null;
        }
        int opcode = first & 0x0F;
        long length = second & 0x7F;
        if (length == 126) {
          length = ((long) in.read() << 8) | in.read();
        } else if (length == 127) {
          length = 0;
          for (int i = 0; i < 8; i++) {
            length = (length << 8) | in.read();
          }
        }
        byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
        byte[] payload = in.readNBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
        if (opcode == 0x8) {
          return null; // close
        }
        if (opcode == 0x1 || opcode == 0x0) {
          text.write(payload);
          if ((first & 0x80) != 0) {
            return text.toString(StandardCharsets.UTF_8);
          }
        }
        // Pings and pongs are not needed here: skipped.
      }
    }

    /** Sends one unmasked text frame, as a server does. */
    private static void send(OutputStream out, String message) throws IOException {
      byte[] payload = message.getBytes(StandardCharsets.UTF_8);
      out.write(0x81);
      if (payload.length < 126) {
        out.write(payload.length);
      } else {
        out.write(126);
        out.write(payload.length >>> 8);
        out.write(payload.length & 0xFF);
      }
      out.write(payload);
      out.flush();
    }

    private static String accept(String key) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-1")
            .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** One line of an HTTP head, without its CRLF. */
    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    private static String order(String status) {
      return "{\"id\":\"o-1\",\"name\":\"Pizza\",\"quantity\":1,\"restaurantId\":\"Luigi\",\"orderStatus\":\""
          + status + "\",\"failureReason\":null,\"paymentId\":null,\"paidQuantity\":null,"
          + "\"createdAt\":\"2026-01-01T10:00:00.000Z\",\"updatedAt\":"
          + (status.equals("PENDING") ? "null" : "\"2026-01-01T10:00:01.000Z\"") + "}";
    }

    @Override
    public void close() {
      try {
        server.close();
        for (Socket connection : connections) {
          connection.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
