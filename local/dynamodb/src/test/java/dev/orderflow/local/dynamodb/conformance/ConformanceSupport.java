package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orderflow.local.dynamodb.DynamoDbEngine;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What every conformance class shares: one engine per class, SDK clients over HTTP, fresh
 * tables, attribute value shorthands, and reading a table's stream.
 *
 * <p>The suite is written from DynamoDB's API reference and developer guide; the SDK talks to
 * the engine exactly as it would to DynamoDB, only the endpoint differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceSupport {

  /** Long enough for any background work of an in-memory engine, short enough to fail fast. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  /**
   * A Signature Version 4 Authorization header of the right form, for requests sent without an
   * SDK: the engine checks a signature's form, never its value.
   */
  static final String SIGNATURE = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/dynamodb/aws4_request, "
      + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000";
  /** The X-Amz-Date that goes with {@link #SIGNATURE}. */
  static final String SIGNED_AT = "20240101T000000Z";
  /** Both, as raw header lines. */
  static final String SIGNATURE_HEADERS = "Authorization: " + SIGNATURE + "\r\nX-Amz-Date: " + SIGNED_AT + "\r\n";

  private static final AtomicInteger TABLES = new AtomicInteger();

  DynamoDbEngine engine;
  DynamoDbClient ddb;
  DynamoDbStreamsClient streams;

  @BeforeAll
  void startEngine() {
    engine = DynamoDbEngine.start();
    ddb = dynamoDb(engine.endpoint(), Region.US_EAST_1, "AKIAEXAMPLE", "secret");
    streams = dynamoDbStreams(engine.endpoint(), Region.US_EAST_1, "AKIAEXAMPLE", "secret");
  }

  @AfterAll
  void stopEngine() {
    if (ddb != null) {
      ddb.close();
    }
    if (streams != null) {
      streams.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  // ---------------------------------------------------------------- clients

  /** A DynamoDB client for the engine; retries are off so that every answer is seen as sent. */
  static DynamoDbClient dynamoDb(URI endpoint, Region region, String accessKey, String secretKey) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** A DynamoDB Streams client for the engine (same endpoint as DynamoDB). */
  static DynamoDbStreamsClient dynamoDbStreams(URI endpoint, Region region, String accessKey, String secretKey) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  // ---------------------------------------------------------------- tables

  /** A table name no other test uses. */
  String newTableName() {
    return getClass().getSimpleName() + "-" + TABLES.incrementAndGet();
  }

  /** An on-demand table with string partition key {@code pk}. */
  String hashTable() {
    return createTable(t -> t
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S)));
  }

  /** An on-demand table with string partition key {@code pk} and sort key {@code sk}. */
  String hashRangeTable(ScalarAttributeType sortKeyType) {
    return createTable(t -> t
        .keySchema(hashKey("pk"), rangeKey("sk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", sortKeyType)));
  }

  /** An on-demand table with string partition key {@code pk} and a stream of the given view. */
  String hashTableWithStream(StreamViewType viewType) {
    return createTable(t -> t
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S))
        .streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(viewType).build()));
  }

  /**
   * Creates an on-demand table with a fresh name, as the customizer describes it (it may
   * override the billing mode), and waits until it is ACTIVE.
   */
  String createTable(Consumer<CreateTableRequest.Builder> customizer) {
    String name = newTableName();
    CreateTableRequest.Builder request = CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST);
    customizer.accept(request);
    ddb.createTable(request.build());
    awaitTableActive(name);
    return name;
  }

  /**
   * A table with string keys {@code pk} and {@code sk}, a local index "byLocal" on {@code pk} and
   * {@code ls} (S) and a global index "byGlobal" on {@code gs} (S), both projecting every attribute.
   */
  String tableWithBothIndexes() {
    software.amazon.awssdk.services.dynamodb.model.Projection all =
        software.amazon.awssdk.services.dynamodb.model.Projection.builder()
            .projectionType(software.amazon.awssdk.services.dynamodb.model.ProjectionType.ALL).build();
    return createTable(t -> t
        .keySchema(hashKey("pk"), rangeKey("sk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S),
            attr("ls", ScalarAttributeType.S), attr("gs", ScalarAttributeType.S))
        .localSecondaryIndexes(software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex.builder()
            .indexName("byLocal").keySchema(hashKey("pk"), rangeKey("ls")).projection(all).build())
        .globalSecondaryIndexes(software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex.builder()
            .indexName("byGlobal").keySchema(hashKey("gs")).projection(all).build()));
  }

  static KeySchemaElement hashKey(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
  }

  static KeySchemaElement rangeKey(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
  }

  static AttributeDefinition attr(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  TableDescription describe(String table) {
    return ddb.describeTable(r -> r.tableName(table)).table();
  }

  /** DynamoDB creates tables asynchronously: wait for ACTIVE as a client must. */
  void awaitTableActive(String table) {
    await("table " + table + " to be ACTIVE", () -> describe(table).tableStatus() == TableStatus.ACTIVE);
  }

  /** Waits until the table and every one of its global secondary indexes are ACTIVE. */
  void awaitIndexesActive(String table) {
    await("indexes of " + table + " to be ACTIVE", () -> {
      TableDescription d = describe(table);
      return d.tableStatus() == TableStatus.ACTIVE
          && d.globalSecondaryIndexes().stream().allMatch(i -> i.indexStatus() == IndexStatus.ACTIVE);
    });
  }

  /** Waits until DescribeTable answers ResourceNotFoundException. */
  void awaitTableGone(String table) {
    await("table " + table + " to be deleted", () -> {
      try {
        describe(table);
        return false;
      } catch (ResourceNotFoundException expected) {
        return true;
      }
    });
  }

  static void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Gave up after " + PATIENCE.toSeconds() + " s waiting for " + what);
      }
      sleep(50);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  // ---------------------------------------------------------------- items

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue b(int... bytes) {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    return AttributeValue.fromB(SdkBytes.fromByteArray(raw));
  }

  static AttributeValue bool(boolean value) {
    return AttributeValue.fromBool(value);
  }

  static AttributeValue nul() {
    return AttributeValue.fromNul(true);
  }

  static AttributeValue ss(String... values) {
    return AttributeValue.fromSs(Arrays.asList(values));
  }

  static AttributeValue ns(String... values) {
    return AttributeValue.fromNs(Arrays.asList(values));
  }

  static AttributeValue bs(AttributeValue... binaries) {
    return AttributeValue.fromBs(Arrays.stream(binaries).map(AttributeValue::b).toList());
  }

  static AttributeValue l(AttributeValue... values) {
    return AttributeValue.fromL(Arrays.asList(values));
  }

  /** A map value from alternating names and values. */
  static AttributeValue m(Object... namesAndValues) {
    return AttributeValue.fromM(item(namesAndValues));
  }

  /** An item (or key) from alternating attribute names and values, in that order. */
  static Map<String, AttributeValue> item(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
    }
    return item;
  }

  /** The key of a hash table: {@code pk} = the string. */
  static Map<String, AttributeValue> key(String pk) {
    return item("pk", s(pk));
  }

  /** The key of a hash-range table. */
  static Map<String, AttributeValue> key(String pk, AttributeValue sk) {
    return item("pk", s(pk), "sk", sk);
  }

  /** Expression attribute names from alternating placeholders and names. */
  static Map<String, String> names(String... placeholdersAndNames) {
    Map<String, String> names = new LinkedHashMap<>();
    for (int i = 0; i < placeholdersAndNames.length; i += 2) {
      names.put(placeholdersAndNames[i], placeholdersAndNames[i + 1]);
    }
    return names;
  }

  /** Expression attribute values from alternating placeholders and values. */
  static Map<String, AttributeValue> values(Object... placeholdersAndValues) {
    return item(placeholdersAndValues);
  }

  void put(String table, Map<String, AttributeValue> item) {
    ddb.putItem(r -> r.tableName(table).item(item));
  }

  /** A strongly consistent read; an absent item gives an empty map. */
  Map<String, AttributeValue> get(String table, Map<String, AttributeValue> key) {
    return ddb.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
  }

  // ---------------------------------------------------------------- errors

  /** Runs the call, asserts that it fails with the given DynamoDB error code and status 400. */
  static DynamoDbException failure(String errorCode, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the call should fail with %s", errorCode).isInstanceOf(DynamoDbException.class);
    DynamoDbException e = (DynamoDbException) thrown;
    assertThat(e.awsErrorDetails().errorCode()).as("error code of: %s", e.getMessage()).isEqualTo(errorCode);
    assertThat(e.statusCode()).isEqualTo(400);
    return e;
  }

  /** Runs the call, asserts a ValidationException, and returns its message. */
  static String validationError(ThrowingCallable call) {
    DynamoDbException e = failure("ValidationException", call);
    assertThat(e.awsErrorDetails().errorMessage()).as("the message of a ValidationException").isNotBlank();
    return e.awsErrorDetails().errorMessage();
  }

  // ---------------------------------------------------------------- streams

  /** The ARN of the table's current stream, as DescribeTable reports it. */
  String streamArn(String table) {
    String arn = describe(table).latestStreamArn();
    assertThat(arn).as("LatestStreamArn of %s", table).isNotBlank();
    return arn;
  }

  /** Every shard of the stream, parents before children (following ExclusiveStartShardId paging). */
  List<Shard> shards(String streamArn) {
    List<Shard> shards = new ArrayList<>();
    String start = null;
    do {
      String exclusiveStart = start;
      DescribeStreamResponse page = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(exclusiveStart));
      shards.addAll(page.streamDescription().shards());
      start = page.streamDescription().lastEvaluatedShardId();
    } while (start != null);
    return shards;
  }

  /** Every record currently in the stream, from the start of each shard. */
  List<Record> readStream(String streamArn) {
    List<Record> records = new ArrayList<>();
    for (Shard shard : shards(streamArn)) {
      String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      records.addAll(drain(iterator));
    }
    return records;
  }

  /** Reads from the iterator until a GetRecords call gives nothing more (or the shard ends). */
  List<Record> drain(String shardIterator) {
    List<Record> records = new ArrayList<>();
    String iterator = shardIterator;
    while (iterator != null) {
      String current = iterator;
      GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(current));
      records.addAll(page.records());
      if (page.records().isEmpty()) {
        break;
      }
      iterator = page.nextShardIterator();
    }
    return records;
  }

  /** Waits until the stream holds at least {@code count} records, and returns them all. */
  List<Record> awaitRecords(String streamArn, int count) {
    List<List<Record>> last = new ArrayList<>(List.of(List.of()));
    await(count + " records in " + streamArn, () -> {
      last.set(0, readStream(streamArn));
      return last.get(0).size() >= count;
    });
    return last.get(0);
  }

  static List<String> eventNames(List<Record> records) {
    return records.stream().map(r -> r.eventNameAsString()).toList();
  }

  static BigInteger sequenceNumber(Record record) {
    return new BigInteger(record.dynamodb().sequenceNumber());
  }
}
