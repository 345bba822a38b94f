package dev.orderflow.local.bill;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.LongSupplier;

/**
 * Counts the billable units of a running stack, line by line ({@link Line}), each with a
 * breakdown by what caused it (an operation, a function, a pipe). The services tell it what
 * happens as it happens; {@link #bill(Prices)} prices the counts since the last reset.
 *
 * <p>Thread-safe: every service counts from its own threads.
 */
public final class Meter {

  /** One poll of a stream shard by a pipe, as AWS's pollers read it: 4 times a second. */
  static final long STREAM_POLL_NANOS = 250_000_000L;

  private final Map<Line, DoubleAdder> counts = new EnumMap<>(Line.class);
  private final Map<Line, Map<String, DoubleAdder>> details = new EnumMap<>(Line.class);
  private final Map<String, long[]> streamPolls = new ConcurrentHashMap<>();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong ordersFinished = new AtomicLong();
  private final LongSupplier nanos;
  private final Clock clock;
  private volatile long windowStartNanos;
  private volatile Instant windowStart;

  /** A meter on the system clock. */
  public Meter() {
    this(System::nanoTime, Clock.systemUTC());
  }

  /**
   * A meter on given clocks, for tests.
   *
   * @param nanos the monotonic clock that durations and stream polls are measured on
   * @param clock the wall clock of the window's start and end
   */
  public Meter(LongSupplier nanos, Clock clock) {
    this.nanos = nanos;
    this.clock = clock;
    for (Line line : Line.values()) {
      counts.put(line, new DoubleAdder());
      details.put(line, new ConcurrentHashMap<>());
    }
    windowStartNanos = nanos.getAsLong();
    windowStart = clock.instant();
  }

  /**
   * Counts units on a line.
   *
   * @param line the line
   * @param units how many (fractions for read units and GB-seconds)
   * @param detail what caused them, for the line's breakdown (an operation, a resource)
   */
  public void count(Line line, double units, String detail) {
    if (units <= 0) {
      return;
    }
    counts.get(line).add(units);
    details.get(line).computeIfAbsent(detail == null ? "-" : detail, k -> new DoubleAdder()).add(units);
  }

  /**
   * A Lambda invocation: one request, and its measured duration at its memory size.
   *
   * @param function the function's name
   * @param durationNanos how long the handler ran
   * @param memoryMb the function's configured memory
   * @param arm64 whether the function runs on arm64 (Graviton), whose duration is cheaper
   */
  public void lambdaInvoked(String function, long durationNanos, int memoryMb, boolean arm64) {
    count(Line.LAMBDA_REQUESTS, 1, function);
    count(arm64 ? Line.LAMBDA_GB_SECONDS : Line.LAMBDA_GB_SECONDS_X86, BillingRules.gbSeconds(BillingRules.lambdaBilledMillis(durationNanos), memoryMb),
        function);
  }

  /**
   * An Express execution that ended: one request, and its duration at 64 MB.
   *
   * @param stateMachine the state machine's name
   * @param durationNanos from start to stop
   */
  public void expressExecuted(String stateMachine, long durationNanos) {
    count(Line.SFN_EXPRESS_REQUESTS, 1, stateMachine);
    count(Line.SFN_EXPRESS_GB_SECONDS, BillingRules.gbSeconds(BillingRules.expressBilledMillis(durationNanos),
        BillingRules.EXPRESS_MEMORY_MB), stateMachine);
  }

  /**
   * Records that reached a stream and were read by a pipe's poller: those that arrive within one
   * 250 ms poll share one GetRecords call (of up to 1,000 records).
   *
   * @param reader the pipe that reads the stream
   * @param records how many records arrived
   */
  public void streamRecordsRead(String reader, int records) {
    long poll = (nanos.getAsLong() - windowStartNanos) / STREAM_POLL_NANOS;
    long[] state = streamPolls.computeIfAbsent(reader, k -> new long[] {Long.MIN_VALUE, 0});
    long reads = 0;
    synchronized (state) {
      for (int i = 0; i < records; i++) {
        if (state[0] != poll || state[1] == BillingRules.STREAM_RECORDS_PER_READ) {
          state[0] = poll;
          state[1] = 0;
          reads++;
        }
        state[1]++;
      }
    }
    count(Line.DYNAMODB_STREAM_READS, reads, reader);
  }

  /**
   * A real-time connection opened; its minutes are counted until {@link Connection#close()}.
   *
   * @return the connection's timer
   */
  public Connection connectionOpened() {
    Connection connection = new Connection(nanos.getAsLong());
    connections.add(connection);
    return connection;
  }

  /** An order that reached a final status (SUCCESS or FAILED) in the window. */
  public void orderFinished() {
    ordersFinished.incrementAndGet();
  }

  /** Forgets every count: a new window starts now. Open connections count from now on. */
  public void reset() {
    long now = nanos.getAsLong();
    synchronized (this) {
      counts.values().forEach(DoubleAdder::reset);
      details.values().forEach(Map::clear);
      streamPolls.clear();
      ordersFinished.set(0);
      connections.forEach(connection -> connection.restart(now));
      windowStartNanos = now;
      windowStart = clock.instant();
    }
  }

  /**
   * The bill of the window so far at these prices.
   *
   * @param prices the price of each line
   * @return the bill
   */
  public Bill bill(Prices prices) {
    long now = nanos.getAsLong();
    Map<Line, Double> snapshot = new EnumMap<>(Line.class);
    Map<Line, Map<String, Double>> breakdown = new EnumMap<>(Line.class);
    synchronized (this) {
      for (Line line : Line.values()) {
        Map<String, Double> by = new TreeMap<>();
        details.get(line).forEach((detail, units) -> by.put(detail, units.sum()));
        double count = counts.get(line).sum();
        if (line == Line.APPSYNC_CONNECTION_MINUTES) {
          for (Connection open : connections) {
            long minutes = BillingRules.connectionMinutes(now - open.since);
            count += minutes;
            by.merge("open", (double) minutes, Double::sum);
          }
        }
        snapshot.put(line, count);
        breakdown.put(line, by);
      }
      return Bill.of(prices, snapshot, breakdown, ordersFinished.get(), windowStart, clock.instant());
    }
  }

  /** A real-time connection's time open, counted in started minutes when it closes. */
  public final class Connection implements AutoCloseable {
    private volatile long since;

    private Connection(long since) {
      this.since = since;
    }

    private void restart(long now) {
      since = now;
    }

    /** The connection closed: its minutes are counted. */
    @Override
    public void close() {
      if (connections.remove(this)) {
        count(Line.APPSYNC_CONNECTION_MINUTES, BillingRules.connectionMinutes(nanos.getAsLong() - since), "closed");
      }
    }
  }
}
