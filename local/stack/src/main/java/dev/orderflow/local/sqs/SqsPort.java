package dev.orderflow.local.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.appsync.LoopbackPolicy;
import dev.orderflow.local.awsapi.AwsJsonPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The SQS port that a run's clients see, in front of ElasticMQ: SQS requests (the JSON protocol,
 * named by {@code X-Amz-Target: AmazonSQS.*}, and the query protocol, named by {@code Action}) go
 * through to ElasticMQ as they are, with its answers; everything else is answered here, in SQS's
 * JSON error shape ({@code __type}, {@code message}): a path or method SQS does not serve, a JSON
 * body that is not JSON, a request that HTTP cannot parse. ElasticMQ's own server would answer
 * those in plain text or XML, with its name and version.
 */
final class SqsPort implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TYPE = "com.amazonaws.sqs#";
  private static final LoopbackPolicy LOOPBACK = new LoopbackPolicy("127.0.0.1", List.of());
  /** Headers that belong to one hop of HTTP, not to the request. */
  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
      "expect", "keep-alive", "server", "date");

  private final Server server;
  private final ServerConnector connector;
  private volatile URI backend;

  SqsPort(String threadPrefix) {
    QueuedThreadPool threads = new QueuedThreadPool(32, 2, 60_000, new LinkedBlockingQueue<>());
    threads.setName(threadPrefix + "-port");
    threads.setDaemon(true);
    server = new Server(threads, new ScheduledExecutorScheduler(threadPrefix + "-port-scheduler", true), null);
    connector = AwsJsonPort.loopback(server, 0, TYPE);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        serve(request, response, callback);
        return true;
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("the SQS port could not listen on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  /** The port's URL, e.g. {@code http://127.0.0.1:41234}. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  /** Where SQS requests go: ElasticMQ's own loopback URL. */
  void forwardTo(URI elasticMq) {
    this.backend = elasticMq;
  }

  private void serve(Request request, Response response, Callback callback) throws IOException {
    // A page of another site, or a name that DNS rebinding points here, gets nothing.
    String refusal = AwsJsonPort.refuseForeign(request, LOOPBACK);
    if (refusal != null) {
      AwsJsonPort.writeError(response, 403, "AccessDeniedException", refusal, callback);
      return;
    }
    String method = request.getMethod();
    String target = request.getHeaders().get("X-Amz-Target");
    byte[] body = Content.Source.asInputStream(request).readAllBytes();
    if (target != null) {
      if (!"POST".equals(method)) {
        AwsJsonPort.writeError(response, 405, TYPE + "UnsupportedOperation",
            "SQS's JSON protocol is POST, not " + abbreviate(method), callback);
        return;
      }
      try {
        JSON.readTree(body);
      } catch (IOException e) {
        AwsJsonPort.writeError(response, 400, "com.amazon.coral.service#SerializationException",
            "The request body is not JSON", callback);
        return;
      }
      forward(request, body, response, callback);
      return;
    }
    String query = request.getHttpURI().getQuery();
    boolean queryProtocol = "POST".equals(method) && new String(body, StandardCharsets.UTF_8).contains("Action=")
        || "GET".equals(method) && query != null && query.contains("Action=");
    if (queryProtocol) {
      forward(request, body, response, callback);
    } else if ("GET".equals(method) || "POST".equals(method) || "HEAD".equals(method)) {
      AwsJsonPort.writeError(response, 400, TYPE + "MissingAction", "SQS answers requests that name an operation ("
          + "X-Amz-Target: AmazonSQS.<operation>, or Action=<operation>); " + method + " "
          + abbreviate(request.getHttpURI().getPath()) + " names none", callback);
    } else {
      AwsJsonPort.writeError(response, 405, TYPE + "UnsupportedOperation",
          "SQS answers GET and POST, not " + abbreviate(method), callback);
    }
  }

  /**
   * Sends the request on to ElasticMQ as it came, and its answer back as it came, less its server's
   * name. A call without a signature is refused first, as SQS refuses it: every SDK signs, and
   * a plain form or image on a web page could make one.
   */
  private void forward(Request request, byte[] body, Response response, Callback callback) throws IOException {
    if (!AwsJsonPort.signed(request)) {
      AwsJsonPort.writeError(response, 403, "MissingAuthenticationTokenException", AwsJsonPort.MISSING_TOKEN,
          callback);
      return;
    }
    String query = request.getHttpURI().getQuery();
    URI to = URI.create(backend + request.getHttpURI().getPath() + (query == null ? "" : "?" + query));
    HttpURLConnection connection = (HttpURLConnection) to.toURL().openConnection();
    connection.setRequestMethod(request.getMethod());
    connection.setConnectTimeout(10_000);
    // Long enough for a receive's long poll (at most 20 s).
    connection.setReadTimeout(60_000);
    for (HttpField field : request.getHeaders()) {
      if (!HOP_HEADERS.contains(field.getName().toLowerCase(Locale.ROOT))) {
        connection.addRequestProperty(field.getName(), field.getValue());
      }
    }
    if ("POST".equals(request.getMethod())) {
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
    }
    int status = connection.getResponseCode();
    byte[] answer;
    try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      answer = in == null ? new byte[0] : in.readAllBytes();
    }
    for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
      if (header.getKey() != null && !HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        header.getValue().forEach(value -> response.getHeaders().add(header.getKey(), value));
      }
    }
    response.setStatus(status);
    response.getHeaders().put("Content-Length", answer.length);
    response.write(true, ByteBuffer.wrap(answer), callback);
  }

  private static String abbreviate(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }

  /** Frees the port and its threads. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping is best effort; the threads are daemons
    }
  }
}
