package dev.orderflow.client.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in order API on loopback: it answers every operation with one order, or as it is told, and
 * keeps the headers that authorized each request.
 */
final class StandInApi implements AutoCloseable {

  static final String ORDER = "{\"id\":\"o-1\",\"name\":\"Pizza\",\"quantity\":1,\"restaurantId\":\"Luigi\","
      + "\"orderStatus\":\"SUCCESS\",\"failureReason\":null,\"paymentId\":\"pay-1\",\"paidQuantity\":1,"
      + "\"createdAt\":\"2026-01-01T10:00:00.000Z\",\"updatedAt\":\"2026-01-01T10:00:01.000Z\"}";

  private final HttpServer server;
  final List<String> apiKeys = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  StandInApi() {
    this(body -> body.contains("getAllOrders") ? "{\"getAllOrders\":{\"items\":[" + ORDER + "],\"nextToken\":null}}"
        : body.contains("postOrder") ? "{\"postOrder\":" + ORDER + "}"
        : "{\"getSingleOrder\":" + ORDER + "}");
  }

  /** A stand-in whose answer's {@code data} is {@code data} of the request's body. */
  StandInApi(Function<String, String> data) {
    this(data, "{\"data\":null}");
  }

  /** A stand-in as above, which answers {@code otherwise} where {@code data} gives null. */
  StandInApi(Function<String, String> data, String otherwise) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/graphql", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      apiKeys.add(String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key")));
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("authorization")));
      String answered = data.apply(body);
      byte[] answer = (answered == null ? otherwise : "{\"data\":" + answered + "}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/graphql";
  }

  int requestCount() {
    return apiKeys.size();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
