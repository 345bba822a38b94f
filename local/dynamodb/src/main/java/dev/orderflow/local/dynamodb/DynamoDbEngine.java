package dev.orderflow.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.http.HttpFrontend;
import dev.orderflow.local.dynamodb.operation.Database;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded, in-memory DynamoDB engine that serves DynamoDB's JSON wire protocol and the
 * DynamoDB Streams API over HTTP on a loopback port, so that the AWS SDKs, the AWS CLI and
 * boto3 work against it with an endpoint override and any credentials and region.
 *
 * <pre>{@code
 * try (DynamoDbEngine engine = DynamoDbEngine.start()) {
 *   DynamoDbClient client = DynamoDbClient.builder().endpointOverride(engine.endpoint()) ... .build();
 * }
 * }</pre>
 *
 * <p>Every single-item write and every transaction is atomic and isolated. Closing the engine
 * frees its port and every thread it started.
 */
public final class DynamoDbEngine implements AutoCloseable {

  private final Database database;
  private final HttpFrontend http;
  private final ScheduledExecutorService timeToLive;
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private DynamoDbEngine(Builder builder) {
    this.database = new Database(builder.region, builder.account, builder.clock, this::dispatch);
    this.http = new HttpFrontend(builder.host, builder.port, builder.region, new HttpFrontend.Operations() {
      @Override
      public ObjectNode execute(String operation, JsonNode request, boolean streamsApi) {
        return database.execute(operation, request, streamsApi);
      }

      @Override
      public boolean knows(String operation, boolean streamsApi) {
        return Database.knows(operation, streamsApi);
      }
    });
    this.timeToLive = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "dynamodb-engine-ttl");
      thread.setDaemon(true);
      return thread;
    });
    try {
      http.start();
    } catch (Exception e) {
      timeToLive.shutdownNow();
      throw new IllegalStateException("The DynamoDB engine could not listen on " + builder.host + ":" + builder.port
          + ": " + e.getMessage(), e);
    }
    long interval = builder.timeToLiveInterval.toMillis();
    timeToLive.scheduleWithFixedDelay(database::expireItems, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Starts an in-memory engine on a free port of the loopback interface. */
  public static DynamoDbEngine start() {
    return builder().build();
  }

  /** Starts an in-memory engine on the given port of the loopback interface (0: a free one). */
  public static DynamoDbEngine start(int port) {
    return builder().port(port).build();
  }

  /** Settings for an engine: port, region, clock, time-to-live sweep. */
  public static Builder builder() {
    return new Builder();
  }

  /** The HTTP endpoint of DynamoDB and DynamoDB Streams, e.g. {@code http://127.0.0.1:8000}. */
  public URI endpoint() {
    return URI.create("http://" + http.host() + ":" + http.port());
  }

  /** The port the engine listens on. */
  public int port() {
    return http.port();
  }

  /**
   * Calls one operation in-process, without HTTP: the same engine, the same semantics.
   *
   * @param operation a DynamoDB operation name, e.g. {@code UpdateItem}
   * @param request the request as DynamoDB's JSON
   * @return the answer as DynamoDB's JSON
   * @throws DynamoDbError the error DynamoDB would answer
   */
  public ObjectNode call(String operation, JsonNode request) {
    return database.execute(operation, request, false);
  }

  /** {@link #call(String, JsonNode)} with JSON text in and out. */
  public String call(String operation, String requestJson) {
    try {
      return Json.MAPPER.writeValueAsString(call(operation, Json.MAPPER.readTree(requestJson)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Calls one operation of the DynamoDB Streams API in-process. */
  public ObjectNode callStreams(String operation, JsonNode request) {
    return database.execute(operation, request, true);
  }

  /**
   * Delivers the stream records of a table, from now on, to the listener, in order, on a thread
   * of its own. The table need not exist yet; its stream must be enabled for records to be written.
   *
   * @return a handle that stops the delivery when closed
   */
  public AutoCloseable addStreamListener(String tableName, StreamListener listener) {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(listener, "listener");
    Subscription subscription = new Subscription(tableName, listener);
    subscriptions.add(subscription);
    subscription.thread.start();
    return () -> {
      subscriptions.remove(subscription);
      subscription.stop();
    };
  }

  /** Deletes the items whose time to live has passed now, as the background sweep does. */
  public int expireItems() {
    return database.expireItems();
  }

  private void dispatch(StreamRecord record) {
    for (Subscription subscription : subscriptions) {
      if (subscription.tableName.equals(record.tableName())) {
        subscription.pending.incrementAndGet();
        subscription.queue.add(record);
      }
    }
  }

  /**
   * How many stream records are written but not yet handled by their listeners: zero once every
   * listener has returned from every record so far.
   */
  public int pendingStreamRecords() {
    int pending = 0;
    for (Subscription subscription : subscriptions) {
      pending += subscription.pending.get();
    }
    return pending;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timeToLive.shutdownNow();
    try {
      http.close();
    } catch (Exception e) {
      throw new IllegalStateException("The DynamoDB engine did not stop cleanly", e);
    } finally {
      for (Subscription subscription : subscriptions) {
        subscription.stop();
      }
      subscriptions.clear();
      try {
        timeToLive.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Built on first use only: an ObjectMapper costs a noticeable part of the engine's start-up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static final class Subscription {
    final String tableName;
    final BlockingQueue<StreamRecord> queue = new LinkedBlockingQueue<>();
    final AtomicInteger pending = new AtomicInteger();
    final Thread thread;

    Subscription(String tableName, StreamListener listener) {
      this.tableName = tableName;
      this.thread = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            StreamRecord record = queue.take();
            try {
              listener.onRecord(record);
            } catch (RuntimeException e) {
              // A failing listener must not stop the delivery of later records.
              System.getLogger(DynamoDbEngine.class.getName()).log(System.Logger.Level.WARNING,
                  "A stream listener of table " + tableName + " failed on record " + record.sequenceNumber(), e);
            } finally {
              pending.decrementAndGet();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "dynamodb-engine-stream-" + tableName);
      thread.setDaemon(true);
    }

    void stop() {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Settings of an engine; {@link #build()} starts it. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String region = "us-east-1";
    private String account = "000000000000";
    private Clock clock = Clock.systemUTC();
    private Duration timeToLiveInterval = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * The port to listen on.
     *
     * @default 0, a free port
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, but " + port + " was given");
      }
      this.port = port;
      return this;
    }

    /**
     * The interface to listen on.
     *
     * @default 127.0.0.1
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The region written into ARNs and stream records.
     *
     * @default us-east-1
     */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * The account id written into ARNs.
     *
     * @default 000000000000
     */
    public Builder account(String account) {
      this.account = Objects.requireNonNull(account, "account");
      return this;
    }

    /**
     * The clock of time to live, creation times and stream records.
     *
     * @default the system clock, UTC
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How often expired items are deleted in the background.
     *
     * @default 1 second
     */
    public Builder timeToLiveInterval(Duration interval) {
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("timeToLiveInterval must be positive, but " + interval + " was given");
      }
      this.timeToLiveInterval = interval;
      return this;
    }

    /** Starts the engine. */
    public DynamoDbEngine build() {
      return new DynamoDbEngine(this);
    }
  }
}
