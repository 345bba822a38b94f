package dev.orderflow.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** An HTTP server that answers each request with the next canned answer, and keeps the requests. */
final class StubApi implements AutoCloseable {

  record Answer(int status, String body) {}

  private final HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  final List<String> requests = new ArrayList<>();
  final List<String> apiKeys = new ArrayList<>();

  StubApi() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/graphql", exchange -> {
      Answer answer;
      synchronized (this) {
        requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        apiKeys.add(exchange.getRequestHeaders().getFirst("x-api-key"));
        answer = answers.isEmpty() ? new Answer(500, "{}") : answers.poll();
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  synchronized StubApi then(int status, String body) {
    answers.add(new Answer(status, body));
    return this;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/graphql");
  }

  synchronized int requestCount() {
    return requests.size();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
