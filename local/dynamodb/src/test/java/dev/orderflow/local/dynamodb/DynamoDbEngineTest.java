package dev.orderflow.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The engine's public face: starting, closing, isolation, stream listeners, TTL and in-process calls.
 * Isolated: its tests count the engine threads of the JVM, so no class runs beside them.
 */
@Isolated
class DynamoDbEngineTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Long enough for a listener thread on a busy machine, short enough to fail fast. */
  private static final long PATIENCE_SECONDS = 10;

  // ---------------------------------------------------------------- starting

  @Test
  void startsOnAFreeLoopbackPortAndAnswersTheSdkOverHttp() {
    try (DynamoDbEngine engine = DynamoDbEngine.start();
        DynamoDbClient client = client(engine.endpoint())) {
      engine.call("CreateTable", orderTable("orders", false));

      assertThat(engine.port()).isPositive();
      assertThat(engine.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + engine.port()));
      assertThat(client.listTables().tableNames()).containsExactly("orders");
    }
  }

  @Test
  void startsOnTheGivenPort() throws IOException {
    int port = freePort();

    try (DynamoDbEngine engine = DynamoDbEngine.start(port);
        DynamoDbClient client = client(URI.create("http://127.0.0.1:" + port))) {
      assertThat(engine.port()).isEqualTo(port);
      assertThat(engine.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + port));
      assertThat(client.listTables().tableNames()).isEmpty();
    }
  }

  @Test
  void refusesAPortThatIsTakenNamingTheAddress() {
    try (DynamoDbEngine first = DynamoDbEngine.start()) {
      assertThatThrownBy(() -> DynamoDbEngine.start(first.port()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + first.port());
    }
  }

  @Test
  void refusesAPortOutsideTheValidRange() {
    assertThatThrownBy(() -> DynamoDbEngine.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535, but 70000 was given");
  }

  @Test
  void refusesATimeToLiveIntervalThatIsNotPositive() {
    assertThatThrownBy(() -> DynamoDbEngine.builder().timeToLiveInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeToLiveInterval must be positive, but PT0S was given");
  }

  // ---------------------------------------------------------------- closing

  @Test
  void closeFreesThePort() throws IOException {
    DynamoDbEngine engine = DynamoDbEngine.start();
    int port = engine.port();

    engine.close();

    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
    try (DynamoDbEngine again = DynamoDbEngine.start(port)) {
      assertThat(listTablesOverSocket(again.endpoint())).contains("\"TableNames\":[]");
    }
  }

  @Test
  void closeEndsEveryThreadTheEngineStarted() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    DynamoDbEngine engine = DynamoDbEngine.builder().timeToLiveInterval(Duration.ofMillis(20)).build();
    engine.call("CreateTable", orderTable("orders", true));
    AutoCloseable listener = engine.addStreamListener("orders", record -> { });
    listTablesOverSocket(engine.endpoint());
    List<String> started = threadsSince(before).stream().map(Thread::getName).collect(Collectors.toList());

    engine.close();
    engine.close();
    listener.close();

    assertThat(started)
        .as("the engine names its threads")
        .isNotEmpty()
        .allMatch(name -> name.startsWith("dynamodb-engine"), "starts with dynamodb-engine")
        .anyMatch(name -> name.startsWith("dynamodb-engine-http"))
        .contains("dynamodb-engine-ttl", "dynamodb-engine-stream-orders");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (!threadsSince(before).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(threadsSince(before)).extracting(Thread::getName).isEmpty();
  }

  @Test
  void closeIsHarmlessTwice() {
    DynamoDbEngine engine = DynamoDbEngine.start();
    URI endpoint = engine.endpoint();

    engine.close();
    engine.close();

    assertThat(catchThrowableOfType(IOException.class, () -> listTablesOverSocket(endpoint)))
        .as("nothing listens any more")
        .isNotNull();
  }

  // ---------------------------------------------------------------- isolation

  @Test
  void twoEnginesSideBySideDoNotSeeEachOthersTables() {
    try (DynamoDbEngine first = DynamoDbEngine.start(); DynamoDbEngine second = DynamoDbEngine.start()) {
      first.call("CreateTable", orderTable("orders", false));
      first.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"o-1\"}}}");

      assertThat(second.call("ListTables", "{}")).isEqualTo("{\"TableNames\":[]}");
      second.call("CreateTable", orderTable("orders", false));
      assertThat(second.call("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"o-1\"}}}"))
          .isEqualTo("{}");
      assertThat(first.call("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"o-1\"}}}"))
          .isEqualTo("{\"Item\":{\"id\":{\"S\":\"o-1\"}}}");
      assertThat(first.port()).isNotEqualTo(second.port());
    }
  }

  // ---------------------------------------------------------------- stream listeners

  @Test
  void streamListenerReceivesInsertModifyAndRemoveInWriteOrderAndNothingForFailedOrNoOpWrites()
      throws Exception {
    try (DynamoDbEngine engine = DynamoDbEngine.start()) {
      engine.call("CreateTable", orderTable("orders", true));
      BlockingQueue<StreamRecord> records = new LinkedBlockingQueue<>();
      engine.addStreamListener("orders", records::add);

      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"o-1\"},"
          + "\"orderStatus\":{\"S\":\"PENDING\"}}}");
      engine.call("UpdateItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"o-1\"}},"
          + "\"UpdateExpression\":\"SET orderStatus = :s\",\"ExpressionAttributeValues\":{\":s\":{\"S\":\"SUCCESS\"}}}");
      // A failed condition, an update to the same value, a put of the same item, a delete of
      // nothing: none of them changes an item, so none writes a record.
      assertThatThrownBy(() -> engine.call("UpdateItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"o-1\"}},"
          + "\"UpdateExpression\":\"SET orderStatus = :s\",\"ConditionExpression\":\"orderStatus = :p\","
          + "\"ExpressionAttributeValues\":{\":s\":{\"S\":\"FAILED\"},\":p\":{\"S\":\"PENDING\"}}}"))
          .isInstanceOf(DynamoDbError.class);
      engine.call("UpdateItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"o-1\"}},"
          + "\"UpdateExpression\":\"SET orderStatus = :s\",\"ExpressionAttributeValues\":{\":s\":{\"S\":\"SUCCESS\"}}}");
      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"o-1\"},"
          + "\"orderStatus\":{\"S\":\"SUCCESS\"}}}");
      engine.call("DeleteItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"o-2\"}}}");
      engine.call("DeleteItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"o-1\"}}}");

      List<StreamRecord> received = take(records, 3);
      assertThat(received).extracting(StreamRecord::eventName).containsExactly("INSERT", "MODIFY", "REMOVE");
      assertThat(received).extracting(StreamRecord::tableName).containsOnly("orders");
      assertThat(received).extracting(StreamRecord::streamArn)
          .containsOnly(engine.call("DescribeTable", JSON.readTree("{\"TableName\":\"orders\"}"))
              .path("Table").path("LatestStreamArn").asText());
      List<BigInteger> sequence = received.stream().map(r -> new BigInteger(r.sequenceNumber())).toList();
      assertThat(sequence).isSorted().doesNotHaveDuplicates();
      JsonNode modify = received.get(1).json().path("dynamodb");
      assertThat(modify.path("OldImage").path("orderStatus").path("S").asText()).isEqualTo("PENDING");
      assertThat(modify.path("NewImage").path("orderStatus").path("S").asText()).isEqualTo("SUCCESS");
      assertThat(modify.path("Keys").toString()).isEqualTo("{\"id\":{\"S\":\"o-1\"}}");
      assertThat(received.get(2).json().path("dynamodb").has("NewImage")).isFalse();
      assertThat(received.get(2).json().has("userIdentity")).as("a delete by a caller is no service delete").isFalse();
      assertThat(JSON.readTree(received.get(0).toJsonString()).path("eventName").asText()).isEqualTo("INSERT");
      assertThat(records.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void streamListenerReceivesOnlyItsTableFromWhenItWasAddedUntilItIsClosed() throws Exception {
    try (DynamoDbEngine engine = DynamoDbEngine.start()) {
      engine.call("CreateTable", orderTable("orders", true));
      engine.call("CreateTable", orderTable("audit", true));
      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"before\"}}}");
      BlockingQueue<StreamRecord> records = new LinkedBlockingQueue<>();
      AutoCloseable subscription = engine.addStreamListener("orders", records::add);

      engine.call("PutItem", "{\"TableName\":\"audit\",\"Item\":{\"id\":{\"S\":\"other-table\"}}}");
      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"while-listening\"}}}");
      StreamRecord received = records.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
      subscription.close();
      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"after-close\"}}}");

      assertThat(received).isNotNull();
      assertThat(received.json().path("dynamodb").path("Keys").path("id").path("S").asText())
          .isEqualTo("while-listening");
      // Closing the subscription ends its thread, so nothing can arrive later.
      assertThat(records).isEmpty();
    }
  }

  @Test
  void aFailingListenerStillReceivesTheNextRecords() throws Exception {
    try (DynamoDbEngine engine = DynamoDbEngine.start()) {
      engine.call("CreateTable", orderTable("orders", true));
      BlockingQueue<String> keys = new LinkedBlockingQueue<>();
      engine.addStreamListener("orders", record -> {
        String key = record.json().path("dynamodb").path("Keys").path("id").path("S").asText();
        keys.add(key);
        if (key.equals("o-1")) {
          throw new IllegalStateException("a listener that fails on its first record");
        }
      });

      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"o-1\"}}}");
      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"o-2\"}}}");

      assertThat(take(keys, 2)).containsExactly("o-1", "o-2");
    }
  }

  @Test
  void streamRecordsOlderThanADayAreTrimmedAndAnIteratorIntoThemIsRefused() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    try (DynamoDbEngine engine = DynamoDbEngine.builder().clock(clock).timeToLiveInterval(Duration.ofHours(1))
        .build()) {
      engine.call("CreateTable", orderTable("orders", true));
      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"old\"}}}");
      String streamArn = engine.call("DescribeTable", "{\"TableName\":\"orders\"}").replaceAll(
          ".*\"LatestStreamArn\":\"([^\"]+)\".*", "$1");
      String oldIterator = iterator(engine, streamArn, "TRIM_HORIZON");

      clock.advance(Duration.ofHours(24).plusMinutes(2));
      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"new\"}}}");
      ObjectNode kept = engine.callStreams("GetRecords", JSON.createObjectNode()
          .put("ShardIterator", iterator(engine, streamArn, "TRIM_HORIZON")));
      DynamoDbError trimmed = catchThrowableOfType(DynamoDbError.class, () -> engine.callStreams("GetRecords",
          JSON.createObjectNode().put("ShardIterator", oldIterator)));

      assertThat(kept.get("Records")).hasSize(1);
      assertThat(kept.get("Records").get(0).path("dynamodb").path("Keys").path("id").path("S").asText()).isEqualTo("new");
      assertThat(trimmed.type()).isEqualTo("TrimmedDataAccessException");
    }
  }

  private static String iterator(DynamoDbEngine engine, String streamArn, String type) {
    ObjectNode request = JSON.createObjectNode().put("StreamArn", streamArn)
        .put("ShardId", engine.callStreams("DescribeStream", JSON.createObjectNode().put("StreamArn", streamArn))
            .path("StreamDescription").path("Shards").get(0).path("ShardId").asText())
        .put("ShardIteratorType", type);
    return engine.callStreams("GetShardIterator", request).path("ShardIterator").asText();
  }

  // ---------------------------------------------------------------- time to live

  @Test
  void expireItemsDeletesWhatHasExpiredAsAServiceDeleteWithARemoveRecord() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    // An hour between sweeps: only expireItems() deletes during this test.
    try (DynamoDbEngine engine = DynamoDbEngine.builder().clock(clock).timeToLiveInterval(Duration.ofHours(1))
        .build()) {
      engine.call("CreateTable", orderTable("orders", true));
      engine.call("UpdateTimeToLive", "{\"TableName\":\"orders\",\"TimeToLiveSpecification\":"
          + "{\"Enabled\":true,\"AttributeName\":\"expiresAt\"}}");
      long now = clock.instant().getEpochSecond();
      putWithExpiry(engine, "expired", now - 1);
      putWithExpiry(engine, "fresh", now + 60);
      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"forever\"}}}");
      BlockingQueue<StreamRecord> records = new LinkedBlockingQueue<>();
      engine.addStreamListener("orders", records::add);

      int first = engine.expireItems();
      clock.advance(Duration.ofSeconds(61));
      int second = engine.expireItems();
      int third = engine.expireItems();

      assertThat(first).isEqualTo(1);
      assertThat(second).isEqualTo(1);
      assertThat(third).isZero();
      assertThat(engine.call("Scan", "{\"TableName\":\"orders\"}"))
          .isEqualTo("{\"Items\":[{\"id\":{\"S\":\"forever\"}}],\"Count\":1,\"ScannedCount\":1}");
      List<StreamRecord> removals = take(records, 2);
      assertThat(removals).extracting(r -> r.json().path("dynamodb").path("Keys").path("id").path("S").asText())
          .containsExactly("expired", "fresh");
      for (StreamRecord removal : removals) {
        assertThat(removal.eventName()).isEqualTo("REMOVE");
        assertThat(removal.json().path("userIdentity").toString())
            .isEqualTo("{\"PrincipalId\":\"dynamodb.amazonaws.com\",\"Type\":\"Service\"}");
      }
    }
  }

  @Test
  void theBackgroundSweepDeletesExpiredItemsOnItsInterval() throws Exception {
    try (DynamoDbEngine engine = DynamoDbEngine.builder().timeToLiveInterval(Duration.ofMillis(50)).build()) {
      engine.call("CreateTable", orderTable("orders", true));
      engine.call("UpdateTimeToLive", "{\"TableName\":\"orders\",\"TimeToLiveSpecification\":"
          + "{\"Enabled\":true,\"AttributeName\":\"expiresAt\"}}");
      BlockingQueue<StreamRecord> records = new LinkedBlockingQueue<>();
      engine.addStreamListener("orders", records::add);

      putWithExpiry(engine, "expired", Instant.now().getEpochSecond() - 10);

      List<StreamRecord> received = take(records, 2);
      assertThat(received).extracting(StreamRecord::eventName).containsExactly("INSERT", "REMOVE");
      assertThat(received.get(1).json().path("userIdentity").path("Type").asText()).isEqualTo("Service");
      assertThat(engine.call("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"expired\"}}}"))
          .isEqualTo("{}");
    }
  }

  // ---------------------------------------------------------------- in-process calls and errors

  @Test
  void callRunsAnOperationInProcessOnDynamoDbsJson() throws Exception {
    try (DynamoDbEngine engine = DynamoDbEngine.start()) {
      engine.call("CreateTable", orderTable("orders", false));

      ObjectNode put = engine.call("PutItem", JSON.readTree("{\"TableName\":\"orders\",\"Item\":"
          + "{\"id\":{\"S\":\"o-1\"},\"quantity\":{\"N\":\"2.50\"}},\"ReturnValues\":\"ALL_OLD\"}"));
      String updated = engine.call("UpdateItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"o-1\"}},"
          + "\"UpdateExpression\":\"ADD quantity :one\",\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}},"
          + "\"ReturnValues\":\"UPDATED_NEW\"}");

      assertThat(put.isEmpty()).as("no old item to return").isTrue();
      assertThat(updated).isEqualTo("{\"Attributes\":{\"quantity\":{\"N\":\"3.5\"}}}");
    }
  }

  @Test
  void callThrowsTheErrorDynamoDbWouldAnswerWithItsType() {
    try (DynamoDbEngine engine = DynamoDbEngine.start()) {
      engine.call("CreateTable", orderTable("orders", false));
      engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"o-1\"}}}");

      DynamoDbError missing = catchThrowableOfType(DynamoDbError.class,
          () -> engine.call("GetItem", "{\"TableName\":\"missing\",\"Key\":{\"id\":{\"S\":\"o-1\"}}}"));
      DynamoDbError conditional = catchThrowableOfType(DynamoDbError.class,
          () -> engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"o-1\"}},"
              + "\"ConditionExpression\":\"attribute_not_exists(id)\"}"));

      assertThat(missing.type()).isEqualTo("ResourceNotFoundException");
      assertThat(missing.status()).isEqualTo(400);
      // DynamoDB's bare wording for an item operation on a missing table.
      assertThat(missing).hasMessage("Requested resource not found");
      assertThat(conditional.type()).isEqualTo("ConditionalCheckFailedException");
      assertThat(conditional).hasMessage("The conditional request failed");
    }
  }

  @Test
  void anUnknownOperationIsAnUnknownOperationExceptionNamedInProcessOnly() {
    try (DynamoDbEngine engine = DynamoDbEngine.start();
        DynamoDbClient client = client(engine.endpoint())) {
      DynamoDbError inProcess = catchThrowableOfType(DynamoDbError.class, () -> engine.call("ExecuteStatement", "{}"));
      DynamoDbException overHttp = catchThrowableOfType(DynamoDbException.class,
          () -> client.executeStatement(request -> request.statement("SELECT * FROM orders")));

      assertThat(inProcess.type()).isEqualTo("UnknownOperationException");
      assertThat(inProcess).hasMessageContaining("ExecuteStatement");
      assertThat(overHttp.statusCode()).isEqualTo(400);
      assertThat(overHttp.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
      // On the wire DynamoDB names no operation: the type alone.
      assertThat(overHttp.awsErrorDetails().errorMessage()).isNull();
    }
  }

  @Test
  void callStreamsRunsTheStreamsApiInProcess() throws Exception {
    try (DynamoDbEngine engine = DynamoDbEngine.start()) {
      engine.call("CreateTable", orderTable("orders", true));

      ObjectNode streams = engine.callStreams("ListStreams", JSON.readTree("{\"TableName\":\"orders\"}"));

      assertThat(streams.path("Streams")).hasSize(1);
      assertThat(streams.path("Streams").get(0).path("TableName").asText()).isEqualTo("orders");
      assertThat(streams.path("Streams").get(0).path("StreamArn").asText())
          .startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/");
    }
  }

  // ---------------------------------------------------------------- helpers

  /** CreateTable JSON for a table keyed by the string {@code id}, with a stream of both images or none. */
  private static String orderTable(String name, boolean stream) {
    return "{\"TableName\":\"" + name + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
        + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
        + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]"
        + (stream ? ",\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}" : "")
        + "}";
  }

  private static void putWithExpiry(DynamoDbEngine engine, String id, long epochSecond) {
    engine.call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"" + id + "\"},"
        + "\"expiresAt\":{\"N\":\"" + epochSecond + "\"}}}");
  }

  private static <T> List<T> take(BlockingQueue<T> queue, int count) throws InterruptedException {
    List<T> taken = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (taken.size() < count) {
      T next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError("Only " + taken.size() + " of " + count + " arrived within "
            + PATIENCE_SECONDS + " s: " + taken);
      }
      taken.add(next);
    }
    return taken;
  }

  /** The live threads that were not there before. */
  private static Set<Thread> threadsSince(Set<Thread> before) {
    Set<Thread> now = new HashSet<>(Thread.getAllStackTraces().keySet());
    now.removeAll(before);
    now.removeIf(thread -> !thread.isAlive());
    return now;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  /** ListTables on a plain socket: no client library, so no client threads either. */
  static String listTablesOverSocket(URI endpoint) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST / HTTP/1.1\r\nHost: " + endpoint.getHost() + "\r\n"
          + "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\n"
          + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000\r\nX-Amz-Date: 20240101T000000Z\r\n"
          + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "thing")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(configuration -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock has one zone");
    }
  }
}
