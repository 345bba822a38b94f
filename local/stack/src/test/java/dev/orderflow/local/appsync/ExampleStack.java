package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.sqs.LocalQueues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The example's synthesized stack (the committed snapshot) with its table on the table engine, its
 * queues on ElasticMQ and its API on the endpoint: what a client of the local system meets.
 */
final class ExampleStack implements AutoCloseable {

  static final Path SNAPSHOT = Path.of("../../examples/pizza-orders/src/test/resources/snapshots/PizzaOrders.template.json");
  static final String QUEUE = "PizzaOrdersQueue688D237F";
  static final String TABLE = "PizzaOrdersTable3440971A";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final DynamoDbEngine tables;
  final LocalQueues queues;
  final AppSyncEndpoint endpoint;
  final String tableName;
  final MutableClock clock = new MutableClock(Instant.now());

  /** The example stack as synthesized. */
  static ExampleStack start() {
    return start(UnaryOperator.identity(), null);
  }

  /**
   * One example stack as synthesized for every test class of the run that extends with it, given
   * to the class's {@code @BeforeAll} as a parameter: started by the first such class, closed when
   * the run ends. Starting one takes a table engine, ElasticMQ and the endpoint's Node.js runner, so
   * classes that only add orders of their own (by id) and read them back share one; a class that
   * moves the clock, changes the template or counts what every class left starts its own.
   */
  static final class Shared implements ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(Shared.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == ExampleStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(STORE)
          .getOrComputeIfAbsent(ExampleStack.class, key -> new Running(start()), Running.class).stack;
    }

    /** Closed by JUnit with the root store, at the end of the run. */
    private record Running(ExampleStack stack) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
      @Override
      public void close() {
        stack.close();
      }
    }
  }

  /**
   * The example stack with its template changed first, e.g. to another authorization mode.
   *
   * @param change changes the template's JSON
   * @param directory where the changed template is written
   */
  static ExampleStack start(UnaryOperator<ObjectNode> change, Path directory) {
    return start(change, directory, UnaryOperator.identity());
  }

  /**
   * The example stack, its template changed first and its endpoint given more settings.
   *
   * @param settings adds settings to the endpoint's builder
   */
  static ExampleStack start(UnaryOperator<ObjectNode> change, Path directory,
      UnaryOperator<AppSyncEndpoint.Builder> settings) {
    return start(change, directory, (engine, builder) -> settings.apply(builder));
  }

  /**
   * The example stack, its template changed first and its endpoint given settings that may use
   * the stack's table engine.
   *
   * @param settings adds settings to the endpoint's builder, given the table engine
   */
  static ExampleStack start(UnaryOperator<ObjectNode> change, Path directory,
      BiFunction<DynamoDbEngine, AppSyncEndpoint.Builder, AppSyncEndpoint.Builder> settings) {
    try {
      Path file = SNAPSHOT;
      if (directory != null) {
        ObjectNode template = (ObjectNode) JSON.readTree(SNAPSHOT.toFile());
        file = directory.resolve("PizzaOrders.template.json");
        Files.writeString(file, JSON.writeValueAsString(change.apply(template)));
      }
      return new ExampleStack(StackTemplate.of(file, "PizzaOrders"), settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ExampleStack(StackTemplate template,
      BiFunction<DynamoDbEngine, AppSyncEndpoint.Builder, AppSyncEndpoint.Builder> settings) {
    ReferenceRegistry registry = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);
    TemplateResolver resolver = new TemplateResolver(registry);
    tables = DynamoDbEngine.start();
    queues = LocalQueues.start(resolver, registry);
    tableName = resolver.resolve(JSON.createObjectNode().put("Ref", TABLE)).asText();
    createTable("KEYS_ONLY");
    endpoint = settings.apply(tables, AppSyncEndpoint.builder(resolver, registry)
        .tables(tables)
        .httpEndpoints(url -> url.startsWith("https://sqs.") ? queues.endpoint() : null)
        .clock(clock))
        .start();
  }

  /**
   * Makes the table anew, empty, with a byCustomer index of the given projection: the template's
   * is KEYS_ONLY, a user's existingTable may project ALL.
   */
  void recreateTable(String projection) {
    tables.call("DeleteTable", JSON.createObjectNode().put("TableName", tableName));
    createTable(projection);
  }

  private void createTable(String projection) {
    try {
      tables.call("CreateTable", JSON.readTree("""
          {"TableName": "%s", "BillingMode": "PAY_PER_REQUEST",
           "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
             {"AttributeName": "customerId", "AttributeType": "S"}, {"AttributeName": "createdAt", "AttributeType": "S"}],
           "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
           "GlobalSecondaryIndexes": [{"IndexName": "byCustomer",
             "KeySchema": [{"AttributeName": "customerId", "KeyType": "HASH"}, {"AttributeName": "createdAt", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "%s"}}]}
          """.formatted(tableName, projection)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes an order as the workflow would. */
  void putOrder(String id, String customerId, String status, String createdAt) {
    try {
      tables.call("PutItem", JSON.readTree("""
          {"TableName": "%s", "Item": {"id": {"S": "%s"}, "customerId": {"S": "%s"}, "name": {"S": "Margherita"},
           "quantity": {"N": "2"}, "restaurantId": {"S": "r-1"}, "orderStatus": {"S": "%s"}, "createdAt": {"S": "%s"}}}
          """.formatted(tableName, id, customerId, status, createdAt)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An order's row as postOrder or the workflow left it, or a missing node. */
  JsonNode row(String id) {
    try {
      return tables.call("GetItem", JSON.readTree("{\"TableName\": \"" + tableName
          + "\", \"Key\": {\"id\": {\"S\": \"" + id + "\"}}, \"ConsistentRead\": true}")).path("Item");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The messages waiting in the orders queue, taken off it. */
  java.util.List<JsonNode> drainOrders() {
    java.util.List<JsonNode> bodies = new java.util.ArrayList<>();
    while (true) {
      var messages = queues.receive(QUEUE, 10, 0, null);
      if (messages.isEmpty()) {
        return bodies;
      }
      for (var m : messages) {
        try {
          bodies.add(JSON.readTree(m.body()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        queues.delete(QUEUE, m.receiptHandle());
      }
    }
  }

  /** An HTTP answer: status and JSON body. */
  record Answer(int status, JsonNode body, HttpResponse<String> response) {
  }

  Answer post(String query, Map<String, Object> variables, Map<String, String> headers) {
    return postBody(body(query, variables), headers);
  }

  /** The JSON body of a GraphQL request. */
  static String body(String query, Map<String, Object> variables) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.set("variables", JSON.valueToTree(variables));
    return body.toString();
  }

  /** Posts a body as it is, with the headers that java.net.http lets a caller set. */
  Answer postBody(String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.graphqlUrl())
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach((name, value) -> {
      if (!dev.orderflow.local.testing.IamSigner.restricted(name)) {
        request.setHeader(name, value);
      }
    });
    return send(request.build());
  }

  /** Posts a body as it is, with the API key. */
  Answer withKeyBody(String body) {
    return postBody(body, Map.of("x-api-key", endpoint.apiKey()));
  }

  Answer withKey(String query, Map<String, Object> variables) {
    return post(query, variables, Map.of("x-api-key", endpoint.apiKey()));
  }

  static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() || !response.headers().firstValue("content-type").orElse("")
          .startsWith("application/json") ? null : JSON.readTree(response.body());
      return new Answer(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI url(String path) {
    return endpoint.graphiqlUrl().resolve(path);
  }

  /** An unsigned JWT with the claims Cognito puts in an ID token. */
  static String cognitoToken(String sub, String username) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"local\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(("{\"sub\":\"" + sub + "\",\"cognito:username\":\"" + username + "\","
        + "\"iss\":\"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_local\",\"token_use\":\"id\","
        + "\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}").getBytes(StandardCharsets.UTF_8));
    return header + "." + claims + ".c2lnbmF0dXJl";
  }

  @Override
  public void close() {
    endpoint.close();
    queues.close();
    tables.close();
  }

  /** A clock that tests move forward. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(java.time.Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
