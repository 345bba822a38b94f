package dev.orderflow.local.dynamodb.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

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

    /** Whether the operation exists: an unknown one is refused before the signature is looked at. */
    default boolean knows(String operation, boolean streamsApi) {
      return true;
    }
  }

  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
  private static final String STREAMS_PREFIX = "DynamoDBStreams_20120810.";

  // Streaming JSON rather than an ObjectMapper: building a mapper costs a large share of the
  // engine's start-up, and a tree is all the engine needs.
  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** How long an idle keep-alive connection stays open. */
  static final int IDLE_TIMEOUT_SECONDS = 600;
  private static final String KEEP_ALIVE = "timeout=" + IDLE_TIMEOUT_SECONDS;

  /** The largest request body DynamoDB reads: 16 MB. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  /** How much of a body over the limit is read and dropped before the connection is given up. */
  private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

  private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final byte[] NOT_FOUND = "<UnknownOperationException/>\n".getBytes(StandardCharsets.UTF_8);

  private final byte[] health;
  private final Server server;
  private final ServerConnector connector;
  /** Whether the engine listens on the loopback interface, and so answers this machine only. */
  private final boolean loopbackOnly;

  public HttpFrontend(String host, int port, Operations operations) {
    this(host, port, "us-east-1", operations);
  }

  /** A front end that names {@code region} in its health line, as DynamoDB's endpoint there does. */
  public HttpFrontend(String host, int port, String region, Operations operations) {
    health = ("healthy: dynamodb." + region + ".amazonaws.com ").getBytes(StandardCharsets.UTF_8);
    // A plain queue: Jetty's default one asks the JVM's management beans for its memory layout,
    // which costs a good part of start-up.
    QueuedThreadPool threads = new QueuedThreadPool(32, 4, 60_000, new LinkedBlockingQueue<>());
    threads.setName("dynamodb-engine-http");
    threads.setDaemon(true);
    // Jetty's own scheduler thread would be named "Scheduler-<n>" and keep a JVM alive that never
    // closed the engine: a named daemon one, like the pool's threads.
    server = new Server(threads, new ScheduledExecutorScheduler("dynamodb-engine-scheduler", true), null);
    // No server name or version in any answer: DynamoDB names none.
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(host);
    connector.setPort(port);
    loopbackOnly = LoopbackGuard.loopback(host);
    // Pooled clients keep idle connections for a minute or more (the AWS SDK for Java: 60 s), and
    // expect the server not to close them first; the timeout is advertised on every answer too.
    connector.setIdleTimeout(IDLE_TIMEOUT_SECONDS * 1000L);
    server.addConnector(connector);
    // Whatever Jetty refuses itself (a malformed request line, headers too large) is answered in
    // DynamoDB's JSON too, never with an HTML page.
    server.setErrorHandler(new Request.Handler() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        ObjectNode error = NODES.objectNode();
        if (status >= 500) {
          error.put("__type", "com.amazonaws.dynamodb.v20120810#InternalServerError");
          error.put("message", "Internal server error");
        } else {
          error.put("__type", "com.amazon.coral.service#SerializationException");
          error.put("message", "The request could not be read as HTTP");
        }
        HttpFrontend.write(response, status, CONTENT_TYPE, HttpFrontend.write(error), callback);
        return true;
      }
    });
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
    response.getHeaders().put("x-amzn-RequestId", requestId());
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (loopbackOnly) {
      // Only this machine's tools and pages: see LoopbackGuard.
      String refusal = LoopbackGuard.refuseHost(request.getHeaders().get(HttpHeader.HOST), host());
      if (refusal == null && origin != null) {
        refusal = LoopbackGuard.refuseOrigin(origin);
      }
      if (refusal != null) {
        ObjectNode denied = NODES.objectNode();
        denied.put("__type", "com.amazon.coral.service#AccessDeniedException");
        denied.put("message", refusal);
        write(response, 403, CONTENT_TYPE, write(denied), callback);
        return;
      }
    }
    if (origin != null) {
      response.getHeaders().put("Access-Control-Allow-Origin", loopbackOnly ? origin : "*");
      response.getHeaders().put(HttpHeader.VARY, "Origin");
    }
    String method = request.getMethod();
    if ("GET".equals(method)) {
      // DynamoDB answers a plain GET with a health line naming its endpoint.
      write(response, 200, "text/plain", health, callback);
      return;
    }
    if ("OPTIONS".equals(method) && origin != null) {
      // A browser's CORS preflight: whatever it asks for is allowed.
      String headers = request.getHeaders().get("Access-Control-Request-Headers");
      if (headers != null) {
        response.getHeaders().put("Access-Control-Allow-Headers", headers);
      }
      String methods = request.getHeaders().get("Access-Control-Request-Method");
      if (methods != null) {
        response.getHeaders().put("Access-Control-Allow-Methods", methods);
      }
      response.getHeaders().put("Access-Control-Max-Age", "172800");
      write(response, 200, null, new byte[0], callback);
      return;
    }
    String contentTypeHeader = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String contentType = contentTypeHeader == null ? "application/json" : jsonContentType(contentTypeHeader);
    if (!"POST".equals(method)) {
      // DynamoDB answers any other method as an unknown page.
      write(response, 404, null, NOT_FOUND, callback);
      return;
    }
    // DynamoDB refuses a body over 16 MB with 413. The body is never held: what is over the limit
    // is read only to be dropped (up to a bound), so that a client still sending gets the answer
    // rather than a reset connection.
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    InputStream in = Content.Source.asInputStream(request);
    byte[] raw = declared > MAX_BODY_BYTES ? null : in.readNBytes(MAX_BODY_BYTES + 1);
    if (raw == null || raw.length > MAX_BODY_BYTES) {
      discard(in);
      tooLarge(response, callback);
      return;
    }
    if (contentType == null || raw.length > 0 && contentTypeHeader == null) {
      // ...and a body that is not posted as JSON.
      write(response, 404, null, NOT_FOUND, callback);
      return;
    }
    String target = request.getHeaders().get("X-Amz-Target");
    byte[] body;
    int status = 200;
    try {
      JsonNode json;
      try {
        json = read(new java.io.ByteArrayInputStream(raw));
      } catch (IOException e) {
        // DynamoDB says no more than the type about a body that is not JSON.
        throw DynamoDbError.serialization(null);
      }
      boolean streamsApi = target != null && target.startsWith(STREAMS_PREFIX);
      if (target == null || !streamsApi && !target.startsWith(DYNAMODB_PREFIX)) {
        throw DynamoDbError.unknownOperation(null);
      }
      String operationName = target.substring(target.indexOf('.') + 1);
      if (!operations.knows(operationName, streamsApi)) {
        throw DynamoDbError.unknownOperation(operationName);
      }
      // Every request is signed; the signature's form is checked, never its value.
      Signature.check(request.getHeaders().get(HttpHeader.AUTHORIZATION), request.getHttpURI().getQuery(),
          request.getHeaders().contains("X-Amz-Date") || request.getHeaders().contains(HttpHeader.DATE));
      body = write(operations.execute(operationName, json, streamsApi));
    } catch (DynamoDbError error) {
      status = error.status();
      body = errorBody(error);
    } catch (StackOverflowError | RuntimeException unexpected) {
      // A bug of the engine, or an input deeper than its guards foresaw: DynamoDB's answer to its own
      // failures, with nothing of Java in it, and the connection stays usable.
      status = 500;
      body = internalError();
    }
    write(response, status, contentType, body, callback);
  }

  /**
   * The content type of a JSON request, as DynamoDB accepts it ({@code application/json} or
   * {@code application/x-amz-json-1.0}, any parameters after a semicolon), which the answer repeats;
   * null for any other.
   */
  static String jsonContentType(String header) {
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    String type = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    return type.equals("application/json") || type.equals(CONTENT_TYPE) ? type : null;
  }

  /** A request id of DynamoDB's form: 52 upper-case letters and digits. */
  private static String requestId() {
    // Unique enough for a request id, without the cost of SecureRandom on start-up and per request.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[52];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length()));
    }
    return new String(id);
  }

  private static byte[] internalError() throws IOException {
    ObjectNode error = NODES.objectNode();
    error.put("__type", "com.amazonaws.dynamodb.v20120810#InternalServerError");
    error.put("message", "Internal server error");
    return write(error);
  }

  private byte[] errorBody(DynamoDbError error) throws IOException {
    ObjectNode json = NODES.objectNode();
    json.put("__type", error.wireType());
    if (error.getMessage() != null && !error.type().equals("UnknownOperationException")) {
      // DynamoDB's request reader capitalises the member; the service's own errors do not.
      boolean coral = error.type().equals("SerializationException") || error.type().equals("AccessDeniedException");
      json.put(coral ? "Message" : "message", error.getMessage());
    }
    json.setAll(error.extra());
    return write(json);
  }

  /** Reads a request body into a tree, as an ObjectMapper would; null for an empty body. */
  static JsonNode read(InputStream in) throws IOException {
    try (JsonParser parser = JSON_FACTORY.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      // Like ObjectMapper.readTree, whatever follows the first value is ignored.
      return readValue(parser, first);
    }
  }

  private static JsonNode readValue(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        ObjectNode object = NODES.objectNode();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
          String name = parser.currentName();
          object.set(name, readValue(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY: {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          array.add(readValue(parser, next));
        }
        return array;
      }
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return NODES.numberNode(parser.getIntValue());
          case LONG:
            return NODES.numberNode(parser.getLongValue());
          default:
            return NODES.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("Unexpected " + token + " at " + parser.currentLocation());
    }
  }

  /** Writes a tree as compact JSON bytes, as ObjectMapper.writeValueAsBytes would. */
  static byte[] write(JsonNode node) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = JSON_FACTORY.createGenerator(out)) {
      writeValue(generator, node);
    }
    return out.toByteArray();
  }

  private static void writeValue(JsonGenerator generator, JsonNode node) throws IOException {
    if (node.isObject()) {
      generator.writeStartObject();
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        generator.writeFieldName(field.getKey());
        writeValue(generator, field.getValue());
      }
      generator.writeEndObject();
    } else if (node.isArray()) {
      generator.writeStartArray();
      for (JsonNode element : node) {
        writeValue(generator, element);
      }
      generator.writeEndArray();
    } else if (node.isTextual()) {
      generator.writeString(node.textValue());
    } else if (node.isInt() || node.isShort()) {
      generator.writeNumber(node.intValue());
    } else if (node.isLong()) {
      generator.writeNumber(node.longValue());
    } else if (node.isBigInteger()) {
      generator.writeNumber(node.bigIntegerValue());
    } else if (node.isBigDecimal()) {
      generator.writeNumber(node.decimalValue());
    } else if (node.isFloat()) {
      generator.writeNumber(node.floatValue());
    } else if (node.isNumber()) {
      generator.writeNumber(node.doubleValue());
    } else if (node.isBoolean()) {
      generator.writeBoolean(node.booleanValue());
    } else if (node.isBinary()) {
      generator.writeBinary(node.binaryValue());
    } else if (node.isNull() || node.isMissingNode()) {
      generator.writeNull();
    } else {
      // Anything else (a POJO node) is not produced by the engine; its text is the safest form.
      generator.writeString(node.asText());
    }
  }

  /** Reads and drops what is left of a body, at most {@link #MAX_DISCARDED_BYTES}. */
  private static void discard(InputStream in) {
    byte[] buffer = new byte[64 * 1024];
    long dropped = 0;
    try {
      for (int read = in.read(buffer); read >= 0 && dropped < MAX_DISCARDED_BYTES; read = in.read(buffer)) {
        dropped += read;
      }
    } catch (IOException e) {
      // The client went away: nothing is left to drop.
    }
  }

  /** 413, as DynamoDB answers it: chunked (the unread rest of the body is Jetty's to drop). */
  private static void tooLarge(Response response, Callback callback) {
    response.setStatus(413);
    response.getHeaders().put(HttpHeader.TRANSFER_ENCODING, "chunked");
    response.write(false, ByteBuffer.allocate(0), Callback.from(() -> response.write(true, null, callback),
        callback::failed));
  }

  private static void write(Response response, int status, String contentType, byte[] body, Callback callback) {
    CRC32 crc = new CRC32();
    crc.update(body);
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    response.getHeaders().put("x-amz-crc32", Long.toString(crc.getValue()));
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.getHeaders().put("Keep-Alive", KEEP_ALIVE);
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
