package dev.orderflow.local.dynamodb.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.table.DynamoDbError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * DynamoDB's JSON 1.0 wire protocol over HTTP: reads the operation from {@code X-Amz-Target},
 * hands the JSON body to the engine, and writes its answer or its error as DynamoDB does.
 * No semantics live here.
 */
public final class HttpFrontend implements AutoCloseable {

  /** The engine behind the wire: operation name, JSON request, Streams API or not. */
  @FunctionalInterface
  public interface Operations {
    ObjectNode execute(String operation, JsonNode request, boolean streamsApi);
  }

  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
  private static final String STREAMS_PREFIX = "DynamoDBStreams_20120810.";

  private final ObjectMapper mapper = new ObjectMapper();
  private final Server server;
  private final ServerConnector connector;

  public HttpFrontend(String host, int port, Operations operations) {
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("dynamodb-engine-http");
    threads.setDaemon(true);
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        serve(operations, request, response, callback);
        return true;
      }
    });
  }

  public void start() throws Exception {
    server.start();
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String host() {
    return connector.getHost();
  }

  private void serve(Operations operations, Request request, Response response, Callback callback) throws IOException {
    String requestId = UUID.randomUUID().toString();
    response.getHeaders().put("x-amzn-RequestId", requestId);
    if (!"POST".equals(request.getMethod())) {
      // DynamoDB answers a plain GET with a health line.
      write(response, 200, "text/plain", "healthy: dynamodb.local".getBytes(StandardCharsets.UTF_8), callback);
      return;
    }
    String target = request.getHeaders().get("X-Amz-Target");
    byte[] body;
    int status = 200;
    try {
      if (target == null) {
        throw DynamoDbError.unknownOperation("(none: the X-Amz-Target header is missing)");
      }
      boolean streamsApi = target.startsWith(STREAMS_PREFIX);
      if (!streamsApi && !target.startsWith(DYNAMODB_PREFIX)) {
        throw DynamoDbError.unknownOperation(target);
      }
      String operation = target.substring(target.indexOf('.') + 1);
      JsonNode json;
      try {
        String text = Content.Source.asString(request, StandardCharsets.UTF_8);
        json = text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
      } catch (IOException e) {
        throw DynamoDbError.serialization("The request body is not valid JSON: " + e.getMessage());
      }
      body = mapper.writeValueAsBytes(operations.execute(operation, json, streamsApi));
    } catch (DynamoDbError error) {
      status = error.status();
      body = errorBody(error);
    } catch (RuntimeException unexpected) {
      status = 500;
      ObjectNode error = mapper.createObjectNode();
      error.put("__type", "com.amazonaws.dynamodb.v20120810#InternalServerError");
      error.put("message", "Internal server error: " + unexpected);
      body = mapper.writeValueAsBytes(error);
    }
    write(response, status, CONTENT_TYPE, body, callback);
  }

  private byte[] errorBody(DynamoDbError error) throws IOException {
    ObjectNode json = mapper.createObjectNode();
    json.put("__type", error.wireType());
    json.put("message", error.getMessage());
    json.setAll(error.extra());
    return mapper.writeValueAsBytes(json);
  }

  private static void write(Response response, int status, String contentType, byte[] body, Callback callback) {
    CRC32 crc = new CRC32();
    crc.update(body);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put("x-amz-crc32", Long.toString(crc.getValue()));
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return new InetSocketAddress(host(), port());
  }

  @Override
  public void close() throws Exception {
    server.stop();
    server.join();
  }
}
